package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.colombier.server.Server;
import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/** A real client (Jakarta Mail / Angus) insisting on STARTTLS gets TLS, then fails only at LOGIN. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JakartaMailStartTlsTest {
    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger imapLogin = (Logger) LoggerFactory.getLogger("imap-login");

    @BeforeEach
    void captureLog() {
        log.start();
        imapLogin.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        imapLogin.detachAppender(log);
    }

    @Test
    void starttlsRequiredClientReachesTlsAndIsRefusedAtLogin() throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, "RSA", TestTls.KeyFormat.TRADITIONAL);
        try (Server server = Server.start(TestConfig.tls(files).build())) {
            Properties properties = new Properties();
            properties.put("mail.imap.host", "127.0.0.1");
            properties.put("mail.imap.port", String.valueOf(server.port("imap")));
            properties.put("mail.imap.starttls.enable", "true");
            properties.put("mail.imap.starttls.required", "true");
            properties.put("mail.imap.ssl.socketFactory", TestTls.trusting(files.cert()).getSocketFactory());
            properties.put("mail.imap.ssl.checkserveridentity", "true");
            properties.put("mail.imap.connectiontimeout", "5000");
            properties.put("mail.imap.timeout", "5000");
            Store store = Session.getInstance(properties).getStore("imap");

            assertThatThrownBy(() -> store.connect("alice", "secret"))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("[AUTHENTICATIONFAILED] Authentication failed.");
            assertThat(store.isConnected()).isFalse();
        }
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("Disconnected: ")
                .contains("user=<>, rip=127.0.0.1, lip=127.0.0.1, TLS, session=<"));
    }
}
