package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.colombier.server.testing.FreePort;
import org.colombier.config.ConfigLoader;
import org.colombier.server.Server;
import org.colombier.server.ServerOptions;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.LogCapture;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in over a real IMAP socket, configured from a dovecot.conf as an admin writes it: the
 * answers, the failure delay ({@code auth_failure_delay}) and its growth, where plaintext
 * passwords are refused, temporary failures, and that no password reaches the log.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImapAuthenticationTest {
    private static final String PASSWORD = "Pw-7c1f-s3cret";
    private static final String WRONG = "Wrong-9d2e-guess";

    @TempDir
    Path dir;
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A server with alice (and outage-user) in a passwd-file, plus {@code more} settings. */
    private int start(ServerOptions options, String... more) throws Exception {
        Path users = Files.writeString(dir.resolve("users"),
                "alice:{PLAIN}" + PASSWORD + "::::::\noutage-user:{PLAIN}" + PASSWORD + "::::::\n");
        List<String> lines = new ArrayList<>(List.of(
                "dovecot_config_version = 2.4.0",
                "dovecot_storage_version = 2.4.0",
                "protocols = imap",
                "listen = 127.0.0.1",
                "mail_driver = maildir",
                "mail_home = " + dir.resolve("mail") + "/%{user}",
                "mail_path = ~/Maildir",
                "mail_fsync = never",
                "auth_mechanisms = plain login",
                "passdb passwd-file {",
                "  passwd_file_path = " + users,
                "}",
                "service imap-login {",
                "  inet_listener imap {",
                "    port = " + FreePort.pick(),
                "  }",
                "}"));
        lines.addAll(List.of(more));
        if (lines.stream().noneMatch(l -> l.startsWith("ssl "))) {
            lines.add("ssl = no");
        }
        if (lines.stream().noneMatch(l -> l.startsWith("userdb "))) {
            lines.addAll(List.of("userdb passwd-file {", "  passwd_file_path = " + users, "}"));
        }
        Path config = Files.writeString(dir.resolve("dovecot.conf"), String.join("\n", lines) + "\n");
        server = Server.start(ConfigLoader.load(config), options);
        return server.port("imap");
    }

    private int start(String... more) throws Exception {
        return start(ServerOptions.DEFAULTS, more);
    }

    /** One command on a fresh connection; returns its tagged reply. */
    private static String once(int port, String command) throws Exception {
        try (LineClient client = LineClient.connect(port)) {
            client.readLine();
            client.send("a " + command);
            return last(client.readUntil("a "));
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRightPasswordIsOkAndAWrongOneIsNoAfterTheFailureDelay() throws Exception {
        int port = start("auth_failure_delay = 300ms");
        long t0 = System.nanoTime();
        String wrong = once(port, "LOGIN alice " + WRONG);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(wrong).isEqualTo("a NO [AUTHENTICATIONFAILED] Authentication failed.");
        // a timer never fires early: the configured delay is a lower bound
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(once(port, "LOGIN alice " + PASSWORD)).startsWith("a OK [CAPABILITY ").endsWith("Logged in");
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() throws Exception {
        int port = start("auth_failure_delay = 0");
        String unknown = once(port, "LOGIN mallory " + PASSWORD);
        String wrong = once(port, "LOGIN alice " + WRONG);
        assertThat(unknown).isEqualTo(wrong).isEqualTo("a NO [AUTHENTICATIONFAILED] Authentication failed.");
        String unknownSasl = once(port, "AUTHENTICATE PLAIN " + b64("\0mallory\0" + PASSWORD));
        String wrongSasl = once(port, "AUTHENTICATE PLAIN " + b64("\0alice\0" + WRONG));
        assertThat(unknownSasl).isEqualTo(wrongSasl).isEqualTo(wrong);
    }

    @Test
    void twentyWrongPasswordsFromOneAddressAreAnsweredEverLaterAndNeverLetIn() throws Exception {
        Duration base = Duration.ofMillis(20);
        int port = start("auth_failure_delay = 20ms");
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            String reply = once(port, "LOGIN alice " + WRONG + i);
            delays.add(Duration.ofNanos(System.nanoTime() - t0));
            assertThat(reply).as("attempt %d", i + 1).startsWith("a NO ");
        }
        // timers never fire early, so each measured delay is at least its scheduled one: base,
        // 2×base, 4×base, ... up to 7.5×base; no upper bounds, which a loaded machine would break
        Duration floor = base;
        for (int i = 0; i < delays.size(); i++) {
            assertThat(delays.get(i)).as("attempt %d of %s", i + 1, delays).isGreaterThanOrEqualTo(floor);
            Duration next = floor.multipliedBy(2);
            floor = next.compareTo(base.multipliedBy(15).dividedBy(2)) > 0 ? base.multipliedBy(15).dividedBy(2) : next;
        }
        assertThat(delays.get(19)).isGreaterThanOrEqualTo(base.multipliedBy(7));
        assertThat(delays.subList(10, 20)).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(base.multipliedBy(7)));
    }

    @Test
    void withoutTlsOffLoopbackPlaintextLoginIsRefusedAndAllowedAfterStartTls() throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, "EC", TestTls.KeyFormat.PKCS8);
        // the test may only use loopback addresses, which count as secure: the seam turns that off
        int port = start(ServerOptions.DEFAULTS.withLoopbackCountsAsSecure(false),
                "auth_failure_delay = 0", "ssl = yes",
                "ssl_server_cert_file = " + files.cert(), "ssl_server_key_file = " + files.key());
        SSLContext tls = TestTls.trusting(files.cert());
        try (LineClient client = LineClient.connect(port)) {
            String greeting = client.readLine();
            assertThat(greeting).contains(" LOGINDISABLED", " STARTTLS").doesNotContain("AUTH=PLAIN", "AUTH=LOGIN");
            client.send("a LOGIN alice " + PASSWORD);
            assertThat(last(client.readUntil("a "))).startsWith("a NO [PRIVACYREQUIRED] ");
            client.send("b AUTHENTICATE PLAIN " + b64("\0alice\0" + PASSWORD));
            assertThat(last(client.readUntil("b "))).startsWith("b NO [PRIVACYREQUIRED] ");
            client.send("c AUTHENTICATE LOGIN");
            assertThat(last(client.readUntil("c "))).startsWith("c NO [PRIVACYREQUIRED] ");

            client.send("d STARTTLS");
            assertThat(last(client.readUntil("d "))).startsWith("d OK");
            client.startTls(tls);
            client.send("e CAPABILITY");
            List<String> caps = client.readUntil("e ");
            assertThat(caps.get(0)).contains("AUTH=PLAIN").doesNotContain("LOGINDISABLED", "STARTTLS");
            client.send("f LOGIN alice " + PASSWORD);
            assertThat(last(client.readUntil("f "))).startsWith("f OK ");
        }
    }

    @Test
    void aPassdbThatIsDownIsATemporaryFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        int port = start("auth_failure_delay = 0",
                "sql_driver = pgsql",
                "pgsql 127.0.0.1 {",
                "  parameters {",
                "    port = " + closed,
                "    dbname = mail",
                "    connect_timeout = 1",
                "  }",
                "}",
                "passdb sql {",
                "  query = SELECT password FROM users WHERE userid = '%{user}'",
                "}");
        assertThat(once(port, "LOGIN ann " + PASSWORD)).isEqualTo("a NO [UNAVAILABLE] Temporary authentication failure.");
        assertThat(once(port, "AUTHENTICATE PLAIN " + b64("\0ann\0" + PASSWORD)))
                .isEqualTo("a NO [UNAVAILABLE] Temporary authentication failure.");
    }

    @Test
    void aUserdbThatIsDownIsATemporaryFailure() throws Exception {
        int port = start("auth_failure_delay = 0", "userdb outage {", "}");
        assertThat(once(port, "LOGIN outage-user " + PASSWORD)).isEqualTo("a NO [UNAVAILABLE] Temporary authentication failure.");
    }

    @Test
    void noPasswordOrSaslPayloadIsEverLoggedEvenAtDebug() throws Exception {
        int port = start("auth_failure_delay = 0");
        String plainIr = b64("\0alice\0" + PASSWORD);
        String plainWrong = b64("\0alice\0" + WRONG);
        List<String> lines;
        try (LogCapture log = new LogCapture()) {
            assertThat(once(port, "LOGIN alice " + PASSWORD)).startsWith("a OK ");
            assertThat(once(port, "LOGIN alice \"" + WRONG + "\"")).startsWith("a NO ");
            assertThat(once(port, "AUTHENTICATE PLAIN " + plainIr)).startsWith("a OK ");
            assertThat(once(port, "AUTHENTICATE PLAIN " + plainWrong)).startsWith("a NO ");
            try (LineClient client = LineClient.connect(port)) {
                client.readLine();
                client.send("a AUTHENTICATE LOGIN");
                assertThat(client.readLine()).startsWith("+ ");
                client.send(b64("alice"));
                assertThat(client.readLine()).startsWith("+ ");
                client.send(b64(PASSWORD));
                assertThat(last(client.readUntil("a "))).startsWith("a OK ");
            }
            lines = log.lines();
        }
        assertThat(lines).as("the logins were logged").anyMatch(l -> l.contains("user=<alice>"));
        for (String secret : List.of(PASSWORD, WRONG, plainIr, plainWrong, b64(PASSWORD),
                // base64 runs shift with their offset: the password's own bytes in any alignment
                b64("\0" + PASSWORD).substring(4), b64("\0\0" + PASSWORD).substring(4))) {
            assertThat(lines).as("log lines containing %s", secret).noneMatch(l -> l.contains(secret));
        }
    }
}
