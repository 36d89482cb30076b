package org.colombier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShutdownAndIdleTest {

    @Test
    void stopSaysGoodbyeInEachProtocolAndRefusesNewConnections() throws Exception {
        Server server = Server.start(TestConfig.noTls().build());
        int imapPort = server.port("imap");
        try (LineClient imap = LineClient.connect(imapPort);
             LineClient pop3 = LineClient.connect(server.port("pop3"));
             LineClient lmtp = LineClient.connect(server.port("lmtp"))) {
            imap.readLine();
            pop3.readLine();
            lmtp.readLine();
            server.stop();
            assertThat(imap.readLine()).isEqualTo("* BYE Server shutting down.");
            assertThat(imap.readLine()).isNull();
            assertThat(pop3.readLine()).isEqualTo("-ERR [SYS/TEMP] Server shutting down.");
            assertThat(pop3.readLine()).isNull();
            assertThat(lmtp.readLine()).isEqualTo("421 4.3.2 mx.test Server shutting down");
            assertThat(lmtp.readLine()).isNull();
        }
        server.stop(); // a second stop (the shutdown hook after a test's stop) returns at once
        assertThatThrownBy(() -> LineClient.connect(imapPort)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aSilentClientIsDisconnectedWhileAnotherIsServed() throws Exception {
        ServerOptions options = ServerOptions.DEFAULTS.withLoginTimeout(Duration.ofSeconds(1));
        try (Server server = Server.start(TestConfig.noTls().build(), options);
             LineClient silent = LineClient.connect(server.port("imap"));
             LineClient busy = LineClient.connect(server.port("imap"))) {
            silent.readLine();
            busy.readLine();
            long started = System.nanoTime();
            // keep the busy client active well past the timeout; it must stay connected
            for (int i = 0; i < 6; i++) {
                busy.send("n" + i + " NOOP");
                assertThat(busy.readLine()).isEqualTo("n" + i + " OK NOOP completed.");
                Thread.sleep(400);
            }
            assertThat(silent.readLine()).isEqualTo("* BYE Disconnected for inactivity.");
            assertThat(silent.readLine()).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            busy.send("last NOOP");
            assertThat(busy.readLine()).isEqualTo("last OK NOOP completed.");
        }
    }

    @Test
    void silentPop3AndLmtpClientsAreTimedOutWithTheirProtocolsGoodbye() throws Exception {
        ServerOptions options = ServerOptions.DEFAULTS.withLoginTimeout(Duration.ofSeconds(1));
        try (Server server = Server.start(TestConfig.noTls().build(), options);
             LineClient pop3 = LineClient.connect(server.port("pop3"));
             LineClient lmtp = LineClient.connect(server.port("lmtp"))) {
            pop3.readLine();
            lmtp.readLine();
            assertThat(pop3.readLine()).isEqualTo("-ERR Disconnected for inactivity.");
            assertThat(lmtp.readLine()).isEqualTo("421 4.4.2 mx.test Disconnected for inactivity");
        }
    }
}
