package org.colombier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.api.auth.DriverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The example configuration of running.md (the contract), copied verbatim as a test resource. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RunningExampleTest {
    static String exampleText() throws IOException {
        try (InputStream in = RunningExampleTest.class.getResourceAsStream("running-example.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The example with its certificate paths pointing at real files in {@code dir}. */
    static Path exampleWithCertificates(Path dir) throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
        String text = exampleText().replace("/path/cert.pem", cert.toString()).replace("/path/key.pem", key.toString());
        return Files.writeString(dir.resolve("dovecot.conf"), text);
    }

    @Test
    void theContractExampleLoadsIntoTypedSettings(@TempDir Path dir) throws Exception {
        Path file = exampleWithCertificates(dir);
        ColombierConfig c = ConfigLoader.load(file);

        assertThat(c.warnings()).isEmpty();
        assertThat(c.embedded()).isFalse();
        assertThat(c.protocols()).containsExactly("imap", "pop3", "lmtp");
        assertThat(c.listen()).containsExactly("127.0.0.1");
        assertThat(c.ssl()).isEqualTo(new SslSettings(SslMode.YES, dir.resolve("cert.pem"), dir.resolve("key.pem"), "TLSv1.2"));
        assertThat(c.auth()).isEqualTo(new AuthSettings(true, List.of("plain", "login"), false, Duration.ofSeconds(2)));
        assertThat(c.mail()).isEqualTo(new MailSettings("maildir", "~/Maildir", "/srv/mail/%{user}", "optimized"));
        assertThat(c.setting("recipient_delimiter")).hasValue("+");
        assertThat(c.setting("dovecot_storage_version")).hasValue("2.4.0");

        assertThat(c.passdbs()).extracting(DriverSettings::driver, DriverSettings::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("passwd-file", "passwd-file"));
        assertThat(c.passdbs().get(0).get("passwd_file_path", null)).isEqualTo("/etc/colombier/users");
        assertThat(c.userdbs().get(0).get("passwd_file_path", null)).isEqualTo("/etc/colombier/users");

        assertThat(c.namespaces()).containsExactly(new NamespaceSettings("inbox", "private", "", '/', true, false, true, true,
                List.of(new MailboxSettings("Sent", "\\Sent", "subscribe"))));

        assertThat(c.services()).extracting(ServiceSettings::name).containsExactly("imap-login", "pop3-login", "lmtp");
        assertThat(c.services().get(0).inetListeners()).extracting(InetListener::name, InetListener::port, InetListener::ssl)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("imap", 143, false), org.assertj.core.groups.Tuple.tuple("imaps", 993, true));
        assertThat(c.services().get(0).inetListeners().get(0).addresses()).containsExactly("127.0.0.1");
        assertThat(c.services().get(0).inetListeners().get(0).where()).isEqualTo(new SourceLocation(file.toString(), 30));
        assertThat(c.services().get(1).inetListeners()).extracting(InetListener::port).containsExactly(110);
        assertThat(c.services().get(2).inetListeners()).extracting(InetListener::port).containsExactly(24);

        assertThat(c.setting("lmtp", "mail_plugins")).hasValue("sieve");
        assertThat(c.setting("imap", "mail_plugins")).hasValue("");
        assertThat(c.sieveScripts()).containsExactly(new SieveScriptSettings("personal", "personal", "file", "~/sieve",
                "~/.dovecot.sieve", new SourceLocation(file.toString(), 53)));
    }

    @Test
    void theVerbatimExampleStopsOnItsPlaceholderCertificate(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("dovecot.conf"), exampleText());
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .hasMessage(file + ":6: cannot read ssl_server_cert_file /path/cert.pem");
    }

    @Test
    void theExampleWithSslOffNeedsNoCertificate() throws Exception {
        ColombierConfig c = ConfigLoader.parse(exampleText().replace("ssl = yes", "ssl = no"), "example.conf");
        assertThat(c.ssl().mode()).isEqualTo(SslMode.NO);
        assertThat(c.global().get("ssl").where()).isEqualTo(new SourceLocation("example.conf", 5));
    }
}
