package org.colombier.server.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.colombier.api.auth.DriverSettings;
import org.colombier.config.AuthSettings;
import org.colombier.config.ColombierConfig;
import org.colombier.config.InetListener;
import org.colombier.config.MailSettings;
import org.colombier.config.NamespaceSettings;
import org.colombier.config.ServiceSettings;
import org.colombier.config.Setting;
import org.colombier.config.SieveScriptSettings;
import org.colombier.config.SourceLocation;
import org.colombier.config.SslMode;
import org.colombier.config.SslSettings;
import org.colombier.config.UnixListener;

/**
 * Builds the records a parsed dovecot.conf would produce: IMAP (imap, imaps), POP3 (pop3, pop3s)
 * and LMTP (lmtp) listeners on 127.0.0.1, all on port 0.
 */
public final class TestConfig {
    public static final String FILE = "test.conf";

    private Path source = Path.of(FILE);
    private SslMode sslMode = SslMode.YES;
    private Path cert;
    private Path key;
    private String minProtocol = "TLSv1.2";
    private boolean allowCleartext;
    private final Map<String, Setting> global = new HashMap<>();
    private final Map<String, Map<String, Setting>> perProtocol = new HashMap<>();
    private final List<DriverSettings> passdbs = new ArrayList<>();
    private final List<DriverSettings> userdbs = new ArrayList<>();
    private final List<UnixListener> lmtpSockets = new ArrayList<>();
    private List<NamespaceSettings> namespaces = List.of();
    private Duration failureDelay = Duration.ofSeconds(2);
    private List<String> mechanisms = List.of("plain", "login");
    private final List<SieveScriptSettings> sieveScripts = new ArrayList<>();
    private final List<InetListener> doveadmListeners = new ArrayList<>();

    public static TestConfig tls(TestTls.CertFiles files) {
        TestConfig config = new TestConfig();
        config.cert = files.cert();
        config.key = files.key();
        config.set("ssl_server_cert_file", files.cert().toString(), 3);
        config.set("ssl_server_key_file", files.key().toString(), 4);
        return config;
    }

    public static TestConfig noTls() {
        TestConfig config = new TestConfig();
        config.sslMode = SslMode.NO;
        return config;
    }

    /** The embedded default's shape: no source file, TLS files that may not exist yet. */
    public TestConfig embedded() {
        source = null;
        return this;
    }

    public TestConfig sslMode(SslMode mode) {
        sslMode = mode;
        return this;
    }

    public TestConfig minProtocol(String protocol) {
        minProtocol = protocol;
        set("ssl_min_protocol", protocol, 5);
        return this;
    }

    public TestConfig allowCleartext(boolean allow) {
        allowCleartext = allow;
        return this;
    }

    /** Adds a userdb after the others, e.g. {@code outage} ({@link OutageUserDbProvider}). */
    public TestConfig userdb(String driver) {
        userdbs.add(new DriverSettings(driver, driver, Map.of()));
        return this;
    }

    /** Adds a {@code unix_listener} to the lmtp service; a relative path is resolved against {@code base_dir}. */
    public TestConfig lmtpSocket(Path path, int mode) {
        lmtpSockets.add(new UnixListener(path, mode, where(41)));
        return this;
    }

    /**
     * Users from a passwd-file (passdb and userdb), mail in Maildir under {@code mailRoot/USER}
     * without fsync (tests need speed, not durability), no login failure delay.
     */
    public TestConfig users(Path passwdFile, Path mailRoot) {
        Map<String, String> settings = Map.of("passwd_file_path", passwdFile.toString());
        passdbs.add(new DriverSettings("passwd-file", "passwd-file", settings));
        userdbs.add(new DriverSettings("passwd-file", "passwd-file", settings));
        set("mail_driver", "maildir", 10);
        set("mail_home", mailRoot.toString() + "/%{user}", 11);
        set("mail_path", "~/Maildir", 12);
        set("mail_fsync", "never", 13);
        failureDelay = Duration.ZERO;
        return this;
    }

    /** {@code auth_mechanisms}, lower case. */
    public TestConfig mechanisms(String... names) {
        mechanisms = List.of(names);
        return this;
    }

    public TestConfig failureDelay(Duration delay) {
        failureDelay = delay;
        return this;
    }

    public TestConfig namespaces(List<NamespaceSettings> list) {
        namespaces = List.copyOf(list);
        return this;
    }

    /** A {@code sieve_script NAME { type driver=file path active_path }} section. */
    public TestConfig sieveScript(String name, String type, String path, String activePath) {
        sieveScripts.add(new SieveScriptSettings(name, type, "file", path, activePath, where(60 + sieveScripts.size())));
        return this;
    }

    /** A {@code service doveadm { inet_listener http { address ssl } }} on port 0 (the doveadm HTTP API). */
    public TestConfig doveadmHttp(String address, boolean ssl) {
        doveadmListeners.add(new InetListener("http", List.of(address), 0, ssl, where(50)));
        return this;
    }

    public TestConfig set(String name, String value, int line) {
        global.put(name, new Setting(name, value, where(line)));
        return this;
    }

    public TestConfig setFor(String protocol, String name, String value, int line) {
        perProtocol.computeIfAbsent(protocol, p -> new HashMap<>()).put(name, new Setting(name, value, where(line)));
        return this;
    }

    private SourceLocation where(int line) {
        return new SourceLocation(source == null ? "<embedded>" : source.toString(), line);
    }

    public ColombierConfig build() {
        global.putIfAbsent("hostname", new Setting("hostname", "mx.test", where(2)));
        List<String> listen = List.of("127.0.0.1");
        List<ServiceSettings> services = List.of(
                new ServiceSettings("imap-login", List.of(
                        new InetListener("imap", listen, 0, false, where(20)),
                        new InetListener("imaps", listen, 0, true, where(23))), List.of()),
                new ServiceSettings("pop3-login", List.of(
                        new InetListener("pop3", listen, 0, false, where(30)),
                        new InetListener("pop3s", listen, 0, true, where(33))), List.of()),
                new ServiceSettings("lmtp", List.of(
                        new InetListener("lmtp", listen, 0, false, where(40))), lmtpSockets));
        if (!doveadmListeners.isEmpty()) {
            services = new ArrayList<>(services);
            services.add(new ServiceSettings("doveadm", doveadmListeners, List.of()));
        }
        if (sslMode == SslMode.NO) {
            services = services.stream()
                    .map(s -> new ServiceSettings(s.name(), s.inetListeners().stream().filter(l -> !l.ssl()).toList(),
                            s.unixListeners()))
                    .toList();
        }
        return new ColombierConfig(source, List.of("imap", "pop3", "lmtp"), listen,
                new SslSettings(sslMode, cert, key, minProtocol),
                new AuthSettings(allowCleartext, mechanisms, false, failureDelay),
                new MailSettings("maildir", "~/Maildir", null, "optimized"),
                services, passdbs, userdbs, namespaces, global, perProtocol, List.of(), sieveScripts);
    }

    /** For tests that place the TLS files themselves (e.g. the embedded default that generates them). */
    public static TestConfig tlsAt(Path cert, Path key) {
        return tls(new TestTls.CertFiles(cert, key));
    }
}
