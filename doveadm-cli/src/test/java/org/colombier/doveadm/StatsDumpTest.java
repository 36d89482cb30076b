package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code doveadm stats dump}: per-protocol command, login, APPEND and delivery counters over the admin socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsDumpTest {
    @TempDir
    Path dir;

    private static Map<String, Long> counters(RunningServer server, String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "-f";
        args[1] = "tab";
        args[2] = "stats";
        args[3] = "dump";
        System.arraycopy(options, 0, args, 4, options.length);
        RunningServer.Run run = server.doveadm(args);
        assertThat(run.status()).as(run.err()).isZero();
        Map<String, Long> counters = new TreeMap<>();
        run.out().lines().skip(1).forEach(line -> {
            String[] cols = line.split("\t");
            counters.put(cols[0], Long.parseLong(cols[1]));
        });
        return counters;
    }

    /** Reads lines up to and including the first that starts with {@code prefix}; returns it. */
    private static String until(RunningServer.Client client, String prefix) throws IOException {
        String line;
        do {
            line = client.readLine();
        } while (line != null && !line.startsWith(prefix));
        return line;
    }

    @Test
    void imapCommandsLoginsAndAppendsAreCounted() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            try (RunningServer.Client imap = server.connect("imap")) {
                imap.send("a LOGIN alice wrong");
                assertThat(until(imap, "a ")).startsWith("a NO");
                imap.send("b LOGIN alice secret");
                assertThat(until(imap, "b ")).startsWith("b OK");
                imap.send("c NOOP");
                imap.send("d NOOP");
                assertThat(until(imap, "d ")).startsWith("d OK");
                imap.send("e APPEND INBOX {5+}");
                imap.send("Hello");
                assertThat(until(imap, "e ")).startsWith("e OK");
                imap.send("f SELECT INBOX");
                assertThat(until(imap, "f ")).startsWith("f OK");
                imap.send("g UID FETCH 1:* (FLAGS)");
                assertThat(until(imap, "g ")).startsWith("g OK");
                imap.send("h XYZZY");
                assertThat(until(imap, "h ")).startsWith("h BAD");
            }
            Map<String, Long> c = counters(server);
            assertThat(c).containsEntry("imap_logins", 1L).containsEntry("imap_login_failures", 1L)
                    .containsEntry("imap_command_LOGIN", 2L).containsEntry("imap_command_NOOP", 2L)
                    .containsEntry("imap_command_APPEND", 1L).containsEntry("imap_command_UID_FETCH", 1L)
                    .containsEntry("imap_append_messages", 1L).containsEntry("imap_append_bytes", 5L)
                    .doesNotContainKey("imap_command_XYZZY");
        }
    }

    @Test
    void pop3CommandsAndLoginFailuresAreCounted() throws Exception {
        try (RunningServer server = RunningServer.start(dir);
             RunningServer.Client pop3 = server.connect("pop3")) {
            pop3.send("USER bob");
            assertThat(pop3.readLine()).startsWith("+OK");
            pop3.send("PASS nope");
            assertThat(pop3.readLine()).startsWith("-ERR");
            pop3.send("USER bob");
            pop3.readLine();
            pop3.send("PASS secret");
            assertThat(pop3.readLine()).startsWith("+OK");
            pop3.send("STAT");
            assertThat(pop3.readLine()).startsWith("+OK");
            pop3.send("BOGUS");
            assertThat(pop3.readLine()).startsWith("-ERR");
            Map<String, Long> c = counters(server);
            assertThat(c).containsEntry("pop3_logins", 1L).containsEntry("pop3_login_failures", 1L)
                    .containsEntry("pop3_command_USER", 2L).containsEntry("pop3_command_PASS", 2L)
                    .containsEntry("pop3_command_STAT", 1L).doesNotContainKey("pop3_command_BOGUS");
        }
    }

    @Test
    void lmtpDeliveriesAreCountedByOutcomeAndBytes() throws Exception {
        String message = "Subject: hi\r\n\r\nHello\r\n";
        try (RunningServer server = RunningServer.start(dir);
             RunningServer.Client lmtp = server.connect("lmtp")) {
            lmtp.send("LHLO client.example");
            assertThat(until(lmtp, "250 ")).isNotNull();
            lmtp.send("MAIL FROM:<sender@example.org>");
            assertThat(lmtp.readLine()).startsWith("250");
            lmtp.send("RCPT TO:<alice>");
            assertThat(lmtp.readLine()).startsWith("250");
            lmtp.send("RCPT TO:<bob>");
            assertThat(lmtp.readLine()).startsWith("250");
            lmtp.send("RCPT TO:<nobody>");
            assertThat(lmtp.readLine()).startsWith("550");
            lmtp.send("DATA");
            assertThat(lmtp.readLine()).startsWith("354");
            lmtp.sendRaw((message + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(lmtp.readLine()).startsWith("250");
            assertThat(lmtp.readLine()).startsWith("250");
            Map<String, Long> c = counters(server);
            assertThat(c).containsEntry("lmtp_deliveries_ok", 2L).containsEntry("lmtp_deliveries_tempfail", 0L)
                    .containsEntry("lmtp_deliveries_permfail", 0L)
                    .containsEntry("lmtp_delivered_bytes", 2L * message.length())
                    .containsEntry("lmtp_command_RCPT", 3L).containsEntry("lmtp_command_DATA", 1L);
        }
    }

    @Test
    void sieveDiscardAndRejectAreCounted() throws Exception {
        try (RunningServer server = RunningServer.startWith(dir, """
                protocol lmtp {
                  mail_plugins {
                    sieve = yes
                  }
                }
                sieve_script personal {
                  driver = file
                  path = ~/sieve
                  active_path = ~/.dovecot.sieve
                }
                """)) {
            Files.createDirectories(dir.resolve("mail/alice"));
            Files.writeString(dir.resolve("mail/alice/.dovecot.sieve"), "discard;\n");
            Files.createDirectories(dir.resolve("mail/bob"));
            Files.writeString(dir.resolve("mail/bob/.dovecot.sieve"), "require \"ereject\";\nereject \"Not wanted.\";\n");
            try (RunningServer.Client lmtp = server.connect("lmtp")) {
                lmtp.send("LHLO client.example");
                assertThat(until(lmtp, "250 ")).isNotNull();
                lmtp.send("MAIL FROM:<sender@example.org>");
                assertThat(lmtp.readLine()).startsWith("250");
                lmtp.send("RCPT TO:<alice>");
                assertThat(lmtp.readLine()).startsWith("250");
                lmtp.send("RCPT TO:<bob>");
                assertThat(lmtp.readLine()).startsWith("250");
                lmtp.send("DATA");
                assertThat(lmtp.readLine()).startsWith("354");
                lmtp.sendRaw("Subject: hi\r\n\r\nHello\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(lmtp.readLine()).startsWith("250");
                assertThat(lmtp.readLine()).startsWith("550");
            }
            assertThat(counters(server)).containsEntry("lmtp_deliveries_discarded", 1L)
                    .containsEntry("lmtp_deliveries_rejected", 1L).containsEntry("lmtp_deliveries_ok", 1L)
                    .containsEntry("lmtp_deliveries_permfail", 1L).containsEntry("lmtp_delivered_bytes", 0L);
        }
    }

    @Test
    void dashRResetsTheCountersAfterReadingThem() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            server.imapLogin("alice").close();
            assertThat(counters(server, "-r")).containsEntry("imap_logins", 1L);
            assertThat(counters(server)).containsEntry("imap_logins", 0L).containsEntry("imap_command_LOGIN", 0L);
        }
    }
}
