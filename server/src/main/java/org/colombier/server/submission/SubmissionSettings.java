package org.colombier.server.submission;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.Setting;
import org.colombier.config.SettingValues;
import org.colombier.config.SourceLocation;

/**
 * Where outgoing mail goes (Dovecot 2.4's {@code smtp_submit} settings).
 *
 * @param host        {@code submission_host} without port; empty: no outgoing mail
 * @param port        its port (25 when not given, as in Dovecot)
 * @param ssl         {@code submission_ssl}: {@code no}, {@code smtps}/{@code submissions} (TLS at once) or {@code starttls}
 * @param timeout     {@code submission_timeout}, for the connection and each reply
 * @param heloName    the name said in EHLO ({@code hostname})
 * @param queueDir    the queue: {@code state_dir/submission-queue}
 * @param firstRetry  delay before the first retry; it doubles up to {@code maxRetry}
 * @param maxRetry    longest delay between attempts
 */
public record SubmissionSettings(String host, int port, String ssl, Duration timeout, String heloName, Path queueDir,
                                 Duration firstRetry, Duration maxRetry) {
    public static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    public static final Duration MAX_RETRY = Duration.ofHours(1);

    public static SubmissionSettings of(ColombierConfig config, String hostname) throws ConfigException {
        String hostPort = config.setting("lmtp", "submission_host").orElse("").trim();
        String host = hostPort;
        int port = 25;
        int colon = hostPort.lastIndexOf(':');
        // host:port, [v6]:port; a bare IPv6 address has more than one colon and no port
        if (colon > 0 && (hostPort.startsWith("[") ? hostPort.indexOf(']') == colon - 1 : hostPort.indexOf(':') == colon)) {
            host = hostPort.substring(0, colon);
            port = SettingValues.parsePort(hostPort.substring(colon + 1), where(config, "submission_host"), "submission_host");
        }
        host = host.replaceAll("^\\[(.*)]$", "$1");
        String ssl = config.setting("lmtp", "submission_ssl").orElse("no").trim().toLowerCase(Locale.ROOT);
        if (!ssl.equals("no") && !ssl.equals("smtps") && !ssl.equals("submissions") && !ssl.equals("starttls")) {
            throw new ConfigException(where(config, "submission_ssl"),
                    "submission_ssl: expected no, smtps, submissions or starttls, not '" + ssl + "'");
        }
        Duration timeout = SettingValues.parseDuration(config.setting("lmtp", "submission_timeout").orElse("30s"),
                where(config, "submission_timeout"), "submission_timeout");
        Path stateDir = Path.of(config.setting("state_dir").orElse("/var/lib/colombier"));
        return new SubmissionSettings(host, port, ssl, timeout, hostname, stateDir.resolve("submission-queue"), FIRST_RETRY,
                MAX_RETRY);
    }

    private static SourceLocation where(ColombierConfig config, String name) {
        Setting s = config.perProtocol().getOrDefault("lmtp", Map.of()).get(name);
        if (s == null) {
            s = config.global().get(name);
        }
        return s == null ? null : s.where();
    }

    public boolean enabled() {
        return !host.isEmpty();
    }

    public SubmissionSettings withHost(String newHost, int newPort) {
        return new SubmissionSettings(newHost, newPort, ssl, timeout, heloName, queueDir, firstRetry, maxRetry);
    }

    public SubmissionSettings withRetry(Duration first, Duration max) {
        return new SubmissionSettings(host, port, ssl, timeout, heloName, queueDir, first, max);
    }
}
