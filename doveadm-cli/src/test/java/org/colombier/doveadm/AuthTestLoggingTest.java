package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code doveadm auth test} never writes the password it checks to the log, at any level. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthTestLoggingTest {
    private static final String PASSWORD = "Pw-4b8a-s3cret";
    private static final String WRONG = "Wrong-61c3-guess";

    @TempDir
    Path dir;

    @Test
    void noPasswordReachesTheLogEvenAtDebug() throws Exception {
        Path conf = Files.writeString(dir.resolve("h2.conf"), """
                ssl = no
                sql_driver = h2
                h2_path = %s
                passdb sql {
                }
                userdb sql {
                }
                """.formatted(dir.resolve("auth-users")));
        Path users = Files.writeString(dir.resolve("users"), "ann:{PLAIN}" + PASSWORD + "::::::\n");
        Path file = Files.writeString(dir.resolve("file.conf"), """
                ssl = no
                passdb passwd-file {
                  passwd_file_path = %s
                }
                """.formatted(users));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        List<Logger> loggers = new ArrayList<>(context.getLoggerList());
        List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        loggers.forEach(l -> l.setLevel(Level.DEBUG));
        root.addAppender(appender);
        try {
            assertThat(AuthCommandsTest.doveadm("", "-c", file.toString(), "auth", "test", "ann", PASSWORD).status()).isZero();
            assertThat(AuthCommandsTest.doveadm("", "-c", file.toString(), "auth", "test", "ann", WRONG).status()).isEqualTo(77);
            assertThat(AuthCommandsTest.doveadm(PASSWORD + "\n", "-c", file.toString(), "auth", "test", "ann").status()).isZero();
            assertThat(AuthCommandsTest.doveadm("", "-c", conf.toString(), "auth", "test", "ann", WRONG).status()).isEqualTo(77);
        } finally {
            root.detachAppender(appender);
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(levels.get(i));
            }
        }
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).as("the SQL pool logs at DEBUG, so logging was on").isNotEmpty();
        assertThat(lines).noneMatch(l -> l.contains(PASSWORD) || l.contains(WRONG));
    }
}
