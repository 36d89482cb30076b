package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.colombier.config.SslMode;
import org.colombier.server.Server;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ImapPreLoginTest {
    @TempDir
    Path dir;
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private LineClient connect(TestConfig config) throws Exception {
        server = Server.start(config.build());
        return LineClient.connect(server.port("imap"));
    }

    private LineClient connectWithTls() throws Exception {
        return connect(TestConfig.tls(TestTls.write(dir, "EC", TestTls.KeyFormat.TRADITIONAL)));
    }

    @Test
    void greetingCarriesCapabilitiesWithStartTlsOnPlaintextLoopback() throws Exception {
        try (LineClient client = connectWithTls()) {
            assertThat(client.readLine()).isEqualTo(
                    "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] Colombier ready.");
        }
    }

    @Test
    void capabilityListsLoginDisabledWhenSslIsRequiredEvenOnLoopback() throws Exception {
        try (LineClient client = connect(TestConfig.tls(TestTls.write(dir, "EC", TestTls.KeyFormat.TRADITIONAL))
                .sslMode(SslMode.REQUIRED))) {
            client.readLine();
            client.send("a1 CAPABILITY");
            assertThat(client.readLine()).isEqualTo(
                    "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED");
            assertThat(client.readLine()).isEqualTo("a1 OK Capability completed.");
            client.send("a2 LOGIN user secret");
            assertThat(client.readLine()).startsWith("a2 NO [PRIVACYREQUIRED] ");
        }
    }

    @Test
    void startTlsIsNotOfferedWhenSslIsOff() throws Exception {
        try (LineClient client = connect(TestConfig.noTls())) {
            assertThat(client.readLine()).isEqualTo(
                    "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] Colombier ready.");
            client.send("t STARTTLS");
            assertThat(client.readLine()).isEqualTo("t BAD TLS support isn't enabled.");
        }
    }

    @Test
    void noopAndLogout() throws Exception {
        try (LineClient client = connectWithTls()) {
            client.readLine();
            client.send("a NOOP");
            assertThat(client.readLine()).isEqualTo("a OK NOOP completed.");
            client.send("b logout");
            assertThat(client.readLine()).isEqualTo("* BYE Logging out");
            assertThat(client.readLine()).isEqualTo("b OK Logout completed.");
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void unknownCommandsAndBadSyntaxGetBadAndTheSessionGoesOn() throws Exception {
        try (LineClient client = connectWithTls()) {
            client.readLine();
            client.send("a FROBNICATE x");
            assertThat(client.readLine()).isEqualTo("a BAD Error in IMAP command FROBNICATE: Unknown command.");
            client.send("");
            client.send("(x) NOOP");
            assertThat(client.readLine()).isEqualTo("* BAD Missing tag");
            client.send("lonelytag");
            assertThat(client.readLine()).isEqualTo("lonelytag BAD Missing command");
            client.send("c NOOP extra");
            assertThat(client.readLine()).isEqualTo("c BAD Unexpected extra argument: extra");
            client.send("d ID (\"name\" \"test\")");
            assertThat(client.readLine()).isEqualTo("* ID (\"name\" \"Colombier\")");
            assertThat(client.readLine()).isEqualTo("d OK ID completed.");
            client.send("e LOGIN user secret");
            assertThat(client.readLine()).isEqualTo("e NO [AUTHENTICATIONFAILED] Authentication failed.");
            client.send("f NOOP");
            assertThat(client.readLine()).isEqualTo("f OK NOOP completed.");
        }
    }

    @Test
    void nulBytesInACommandAreRejected() throws Exception {
        try (LineClient client = connectWithTls()) {
            client.readLine();
            client.sendBytes("a NO\0OP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readLine()).isEqualTo("a BAD Control character in command");
            client.send("b NOOP");
            assertThat(client.readLine()).isEqualTo("b OK NOOP completed.");
        }
    }

    @Test
    void aLineOverImapMaxLineLengthIsRefusedAndSkipped() throws Exception {
        TestConfig config = TestConfig.tls(TestTls.write(dir, "EC", TestTls.KeyFormat.TRADITIONAL))
                .setFor("imap", "imap_max_line_length", "64k", 9);
        try (LineClient client = connect(config)) {
            client.readLine();
            client.sendRaw("a NOOP " + "x".repeat(100 * 1024) + "\r\nb NOOP\r\n");
            assertThat(client.readLine()).isEqualTo("a BAD Command line too long (limit 65536 bytes)");
            assertThat(client.readLine()).isEqualTo("b OK NOOP completed.");
        }
    }

    @Test
    void thousandsOfPipelinedCommandsAreAllAnsweredInOrder() throws Exception {
        try (LineClient client = connectWithTls()) {
            client.readLine();
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                batch.append('t').append(i).append(" NOOP\r\n");
            }
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    client.sendRaw(batch.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int i = 0; i < 3000; i++) {
                assertThat(client.readLine()).isEqualTo("t" + i + " OK NOOP completed.");
            }
            sent.get(10, TimeUnit.SECONDS);
        }
    }
}
