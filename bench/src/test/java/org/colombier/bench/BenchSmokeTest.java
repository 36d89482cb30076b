package org.colombier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.colombier.bench.imap.IdleBench;
import org.colombier.bench.imap.ImapStress;
import org.colombier.bench.imap.LargeMailboxBench;
import org.colombier.bench.report.Report;
import org.colombier.config.ConfigLoader;
import org.colombier.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The harness against a real in-process Colombier on a loopback port 0: a few seconds, no timed assertions. */
@Timeout(120)
class BenchSmokeTest {
    @TempDir
    Path dir;
    private Server server;
    private InetSocketAddress imap;

    @BeforeEach
    void startServer() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "alice:{PLAIN}secret::::::\nbig:{PLAIN}secret::::::\n");
        String conf = """
                protocols = imap
                listen = 127.0.0.1
                ssl = no
                auth_allow_cleartext = yes
                mail_driver = maildir
                mail_path = ~/Maildir
                mail_home = %s/mail/%%{user}
                mail_fsync = never
                passdb passwd-file {
                  passwd_file_path = %s
                }
                userdb passwd-file {
                  passwd_file_path = %s
                }
                service imap-login {
                  inet_listener imap {
                    port = %d
                  }
                }
                """.formatted(dir, users, users, freePort());
        server = Server.start(ConfigLoader.parse(conf, "bench-smoke.conf"));
        imap = new InetSocketAddress("127.0.0.1", server.port("imap"));
    }

    /** A port free a moment ago: in dovecot.conf, port 0 disables a listener rather than picking a port. */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void twoStressClientsRunTheWholeMixWithoutAnError() throws Exception {
        Report report = ImapStress.run(new ImapStress.Options(imap, "alice", "secret", 2, 1, 3, 42));
        assertThat(report.errors()).as(report.table()).isZero();
        assertThat(report.rows()).extracting(Report.Row::name)
                .contains("connect", "LOGIN", "SELECT", "APPEND", "STORE", "FETCH meta", "LOGOUT");
        assertThat(report.rows()).allMatch(row -> row.count() > 0, "every command ran");
    }

    @Test
    void largeMailboxBuildsTimesAndHearsADeliveryWhileIdle() throws Exception {
        Report report = LargeMailboxBench.run(new LargeMailboxBench.Options(imap, "big", "secret", 120, null, null, true));
        assertThat(report.errors()).as(report.table()).isZero();
        assertThat(report.metrics()).containsKeys("build seconds", "SELECT first ms", "UID FETCH 1:* (UID FLAGS) repeat ms",
                "FETCH 1:* (ENVELOPE) first ms", "SEARCH HEADER Subject xyzzy repeat ms", "IDLE notification median ms");
    }

    @Test
    void idleConnectionsAreCountedAndNotified() throws Exception {
        ServerProcess self = ServerProcess.of(ProcessHandle.current().pid());
        Report report = IdleBench.run(new IdleBench.Options(imap, "alice", "secret", 5, 1, self, null, "alice", 60, "true"));
        assertThat(report.errors()).as(report.table()).isZero();
        assertThat(report.metrics()).containsEntry("connections idling", 5.0).containsKeys("server RSS after KiB",
                "IDLE notification ms", "'true' seconds");
    }
}
