package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
class Pop3PreLoginTest {
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
        LineClient client = LineClient.connect(server.port("pop3"));
        assertThat(client.readLine()).isEqualTo("+OK Colombier ready.");
        return client;
    }

    private TestConfig tls() throws Exception {
        return TestConfig.tls(TestTls.write(dir, "RSA", TestTls.KeyFormat.PKCS8));
    }

    @Test
    void capaWithoutTlsOffersNeitherStlsNorUserWhenSslIsRequired() throws Exception {
        try (LineClient client = connect(tls().sslMode(SslMode.REQUIRED))) {
            client.send("capa");
            assertThat(client.readUntil(".")).containsExactly("+OK Capability list follows", "CAPA", "TOP", "UIDL",
                    "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "STLS", "IMPLEMENTATION Colombier", ".");
            client.send("USER someone");
            assertThat(client.readLine()).startsWith("-ERR [AUTH] Plaintext authentication disallowed");
        }
    }

    @Test
    void capaWithTlsOffOffersUserButNoStls() throws Exception {
        try (LineClient client = connect(TestConfig.noTls())) {
            client.send("CAPA");
            assertThat(client.readUntil(".")).containsExactly("+OK Capability list follows", "CAPA", "TOP", "UIDL",
                    "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "USER", "SASL PLAIN LOGIN", "IMPLEMENTATION Colombier", ".");
            client.send("STLS");
            assertThat(client.readLine()).isEqualTo("-ERR TLS support isn't enabled.");
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        try (LineClient client = connect(tls())) {
            client.sendRaw("XYZZY\r\nUSER a\r\nQUIT\r\n");
            assertThat(client.readLine()).isEqualTo("-ERR Unknown command: XYZZY");
            assertThat(client.readLine()).isEqualTo("+OK");
            assertThat(client.readLine()).isEqualTo("+OK Logging out.");
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void hostileInputGetsErrorsNotACrash() throws Exception {
        try (LineClient client = connect(tls())) {
            client.sendBytes("CA\0PA\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readLine()).isEqualTo("-ERR NUL bytes are not allowed in commands.");
            client.sendRaw("x".repeat(100 * 1024) + "\r\n");
            assertThat(client.readLine()).isEqualTo("-ERR Line longer than 8192 bytes.");
            client.sendBytes(new byte[] {(byte) 0xff, (byte) 0xfe, '\r', '\n'});
            assertThat(client.readLine()).isEqualTo("-ERR Unknown command.");
            client.send("QUIT");
            assertThat(client.readLine()).isEqualTo("+OK Logging out.");
        }
    }
}
