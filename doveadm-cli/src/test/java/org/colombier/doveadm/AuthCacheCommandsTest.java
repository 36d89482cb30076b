package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auth cache of a running server end to end: logins over IMAP and POP3, {@code doveadm auth
 * cache flush} and {@code stats dump} over the admin socket, and {@code doveadm reload} reaching
 * POP3 and LMTP sessions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthCacheCommandsTest {
    /** passwd-file notices a change when it next checks the file, at most once a second. */
    private static final long PASSWD_FILE_CHECK_MILLIS = 1100;

    @TempDir
    Path dir;

    private static String imapLogin(RunningServer server, String user, String password) throws Exception {
        try (RunningServer.Client imap = server.connect("imap")) {
            imap.send("a LOGIN " + user + " " + password);
            return imap.readLine();
        }
    }

    private static String pop3Login(RunningServer.Client pop3, String user, String password) throws Exception {
        pop3.send("USER " + user);
        assertThat(pop3.readLine()).startsWith("+OK");
        pop3.send("PASS " + password);
        return pop3.readLine();
    }

    @Test
    void aCachedPasswordIsAcceptedUntilFlushedWhileANewOneWorksAtOnce() throws Exception {
        try (RunningServer server = RunningServer.startWith(dir, "auth_cache_size = 1M\nauth_failure_delay = 0\n")) {
            assertThat(imapLogin(server, "alice", "secret")).startsWith("a OK");
            try (RunningServer.Client pop3 = server.connect("pop3")) {
                assertThat(pop3Login(pop3, "bob", "secret")).startsWith("+OK");
            }
            Files.writeString(dir.resolve("users"), "alice:{PLAIN}alice-new::::::\nbob:{PLAIN}bob-new::::::\n");
            Thread.sleep(PASSWD_FILE_CHECK_MILLIS);

            assertThat(imapLogin(server, "alice", "secret")).as("the old password, from the cache").startsWith("a OK");
            RunningServer.Run stats = server.doveadm("-f", "tab", "stats", "dump");
            assertThat(stats.out()).containsPattern("(?m)^auth_cache_hits\t[1-9]\\d*$").containsPattern("(?m)^auth_cache_misses\t\\d+$");
            try (RunningServer.Client pop3 = server.connect("pop3")) {
                assertThat(pop3Login(pop3, "bob", "bob-new")).as("a new password works before any flush").startsWith("+OK");
            }

            RunningServer.Run flush = server.doveadm("auth", "cache", "flush", "alice");
            assertThat(flush.status()).as(flush.err()).isZero();
            assertThat(flush.out()).as("alice's passdb and userdb entries").isEqualTo("2 cache entries flushed\n");
            assertThat(imapLogin(server, "alice", "secret")).startsWith("a NO");
            assertThat(imapLogin(server, "alice", "alice-new")).startsWith("a OK");

            RunningServer.Run all = server.doveadm("auth", "cache", "flush");
            assertThat(all.status()).isZero();
            assertThat(all.out()).matches("[1-9]\\d* cache entries flushed\n");
            assertThat(server.doveadm("auth", "cache", "flush").out()).isEqualTo("0 cache entries flushed\n");
        }
    }

    @Test
    void withoutAuthCacheSizeNothingIsCached() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            assertThat(imapLogin(server, "alice", "secret")).startsWith("a OK");
            assertThat(server.doveadm("auth", "cache", "flush").out()).isEqualTo("0 cache entries flushed\n");
            assertThat(server.doveadm("-f", "tab", "stats", "dump").out()).contains("auth_cache_hits\t0\n");
        }
    }

    @Test
    void reloadAppliesANewPassdbToPop3AndLmtpSessions() throws Exception {
        try (RunningServer server = RunningServer.startWith(dir, "auth_cache_size = 1M\nauth_failure_delay = 0\n");
             RunningServer.Client lmtp = server.connect("lmtp");
             RunningServer.Client pop3 = server.connect("pop3")) {
            lmtp.send("LHLO test.example");
            String line;
            do {
                line = lmtp.readLine();
            } while (line.startsWith("250-"));
            lmtp.send("MAIL FROM:<sender@example.org>");
            assertThat(lmtp.readLine()).startsWith("250");
            lmtp.send("RCPT TO:<carol>");
            assertThat(lmtp.readLine()).startsWith("550");
            lmtp.send("RCPT TO:<alice>");
            assertThat(lmtp.readLine()).as("alice is cached now").startsWith("250");

            Path carol = Files.writeString(dir.resolve("users2"), "carol:{PLAIN}carol-pw::::::\n");
            Files.writeString(server.conf, Files.readString(server.conf).replace(dir.resolve("users").toString(), carol.toString()));
            RunningServer.Run reload = server.doveadm("reload");
            assertThat(reload.status()).as(reload.err()).isZero();

            lmtp.send("RCPT TO:<carol>");
            assertThat(lmtp.readLine()).as("the session opened before the reload uses the new userdb").startsWith("250");
            lmtp.send("RCPT TO:<bob>");
            assertThat(lmtp.readLine()).startsWith("550");
            lmtp.send("RCPT TO:<alice>");
            assertThat(lmtp.readLine()).as("a changed userdb empties the cache").startsWith("550");

            assertThat(pop3Login(pop3, "carol", "carol-pw")).startsWith("+OK");
            try (RunningServer.Client other = server.connect("pop3")) {
                other.send("USER alice");
                other.readLine();
                other.send("PASS secret");
                assertThat(other.readLine()).startsWith("-ERR");
            }
        }
    }

    @Test
    void helpAuthDescribesCacheFlush() {
        java.io.StringWriter out = new java.io.StringWriter();
        int status = Doveadm.run(new String[] {"help", "auth"}, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true));
        assertThat(status).isZero();
        assertThat(out.toString()).containsPattern("(?m)^  cache +flush \\[USER\\.\\.\\.]: flush the running server's authentication cache");
        java.io.StringWriter flush = new java.io.StringWriter();
        Doveadm.run(new String[] {"auth", "cache", "flush", "--help"}, new java.io.PrintWriter(flush, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true));
        assertThat(flush.toString()).startsWith("Usage: doveadm auth cache flush").contains("[USER...]", "cache entries were flushed");
    }
}
