package org.colombier.server.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.colombier.server.Server;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LmtpCommandsTest {
    private Server server;
    private LineClient client;

    @BeforeEach
    void start() throws Exception {
        server = Server.start(TestConfig.noTls().build());
        client = LineClient.connect(server.port("lmtp"));
        assertThat(client.readLine()).isEqualTo("220 mx.test Colombier LMTP ready");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.stop();
    }

    @Test
    void lhloListsOnlyWhatIsTrueAndNoStartTlsWithoutSsl() throws Exception {
        client.send("LHLO");
        assertThat(client.readLine()).isEqualTo("501 5.5.4 LHLO requires a domain name");
        client.send("lhlo mta.test");
        assertThat(client.readUntil("250 ")).doesNotContain("250-STARTTLS", "250 STARTTLS");
        client.send("STARTTLS");
        assertThat(client.readLine()).isEqualTo("454 4.7.0 TLS not available");
    }

    @Test
    void noopRsetUnknownAndQuit() throws Exception {
        client.sendRaw("NOOP\r\nRSET\r\nEXPN list\r\nQUIT\r\n");
        assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
        assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
        assertThat(client.readLine()).isEqualTo("502 5.5.2 Unknown command");
        assertThat(client.readLine()).isEqualTo("221 2.0.0 mx.test closing connection");
        assertThat(client.readLine()).isNull();
    }

    @Test
    void overlongLinesAndNulBytesAreRefused() throws Exception {
        client.sendRaw("NOOP " + "y".repeat(100 * 1024) + "\r\n");
        assertThat(client.readLine()).isEqualTo("500 5.5.2 Line too long");
        client.sendBytes("NO\0OP\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(client.readLine()).isEqualTo("500 5.5.2 NUL bytes are not allowed in commands");
        client.send("NOOP");
        assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
    }
}
