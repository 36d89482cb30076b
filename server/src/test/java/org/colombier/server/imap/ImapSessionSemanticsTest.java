package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Wire-exact session behaviour: unsolicited updates where RFC 3501 allows them, \Recent, SASL. */
@Timeout(60)
class ImapSessionSemanticsTest {
    @TempDir
    Path dir;
    private ImapServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = ImapServerFixture.start(dir, TestConfig.noTls().mechanisms("plain", "login", "cram-md5")
                .setFor("imap", "imap_idle_notify_interval", "1s", 5));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static boolean isExpunge(String line) {
        return line.matches("\\* \\d+ EXPUNGE");
    }

    private static void append(LineClient c, String tag, String subject) throws Exception {
        String m = "Subject: " + subject + "\r\n\r\nbody\r\n";
        c.send(tag + " APPEND INBOX {" + m.length() + "+}");
        c.sendRaw(m + "\r\n");
        assertThat(c.readUntil(tag + " ")).last().asString().startsWith(tag + " OK");
    }

    @Test
    void anExpungeByAnotherSessionIsNotSentDuringFetchStoreOrSearchButOnNoop() throws Exception {
        try (LineClient a = fixture.login("alice"); LineClient b = fixture.login("alice")) {
            append(a, "p1", "one");
            append(a, "p2", "two");
            a.send("s SELECT INBOX");
            a.readUntil("s ");
            b.send("s SELECT INBOX");
            b.readUntil("s ");
            b.send("d STORE 1 +FLAGS.SILENT (\\Deleted)");
            b.readUntil("d ");
            b.send("e EXPUNGE");
            assertThat(b.readUntil("e ")).containsExactly("* 1 EXPUNGE", "e OK Expunge completed.");

            a.send("f FETCH 1:* (UID)");
            List<String> fetch = a.readUntil("f ");
            // RFC 3501 7.4.1: no EXPUNGE now; the vanished message is reported as Dovecot does
            assertThat(fetch).noneMatch(ImapSessionSemanticsTest::isExpunge).contains("* 2 FETCH (UID 2)")
                    .last().isEqualTo("f NO [EXPUNGEISSUED] Some messages were expunged by another session.");
            a.send("g STORE 2 +FLAGS (\\Flagged)");
            assertThat(a.readUntil("g ")).noneMatch(ImapSessionSemanticsTest::isExpunge);
            a.send("h SEARCH ALL");
            assertThat(a.readUntil("h ")).noneMatch(ImapSessionSemanticsTest::isExpunge);
            a.send("n NOOP");
            assertThat(a.readUntil("n ")).contains("* 1 EXPUNGE").last().isEqualTo("n OK NOOP completed.");
            // the view moved on: the flag change survived with the new numbering
            a.send("x FETCH 1 (UID FLAGS)");
            assertThat(a.readUntil("x ").get(0)).isEqualTo("* 1 FETCH (UID 2 FLAGS (\\Flagged \\Recent))");
        }
    }

    @Test
    void newMessagesAreRecentInExactlyOneSessionAndAnnouncedBeforeTheCompletion() throws Exception {
        try (LineClient a = fixture.login("alice"); LineClient b = fixture.login("alice");
             LineClient writer = fixture.login("alice")) {
            a.send("s SELECT INBOX");
            a.readUntil("s ");
            b.send("s EXAMINE INBOX");
            b.readUntil("s ");
            append(writer, "w", "fresh");
            a.send("n NOOP");
            assertThat(a.readUntil("n ")).containsExactly("* 1 EXISTS", "* 1 RECENT", "n OK NOOP completed.");
            b.send("n NOOP");
            assertThat(b.readUntil("n ")).containsExactly("* 1 EXISTS", "* 0 RECENT", "n OK NOOP completed.");
            a.send("f FETCH 1 FLAGS");
            assertThat(a.readUntil("f ").get(0)).isEqualTo("* 1 FETCH (FLAGS (\\Recent))");
            b.send("f FETCH 1 FLAGS");
            assertThat(b.readUntil("f ").get(0)).isEqualTo("* 1 FETCH (FLAGS ())");
            // an APPEND to the selected mailbox: EXISTS comes before the tagged OK
            a.send("w2 APPEND INBOX {10+}");
            a.sendRaw("Subject: x\r\n");
            List<String> appended = a.readUntil("w2 ");
            assertThat(appended).startsWith("* 2 EXISTS").last().asString().startsWith("w2 OK [APPENDUID");
        }
    }

    @Test
    void authenticatePlainWithAnInitialResponseAndLoginAndCramMd5ByContinuation() throws Exception {
        String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
        try (LineClient c = fixture.connect()) {
            assertThat(c.readLine()).contains("AUTH=PLAIN AUTH=LOGIN AUTH=CRAM-MD5");
            c.send("a AUTHENTICATE PLAIN " + plain);
            assertThat(c.readLine()).startsWith("a OK [CAPABILITY IMAP4rev1").endsWith("Logged in");
        }
        try (LineClient c = fixture.connect()) {
            c.readLine();
            c.send("a AUTHENTICATE LOGIN");
            assertThat(c.readLine()).startsWith("+ ");
            c.send(Base64.getEncoder().encodeToString("bob".getBytes(StandardCharsets.UTF_8)));
            assertThat(c.readLine()).startsWith("+ ");
            c.send(Base64.getEncoder().encodeToString("wrong".getBytes(StandardCharsets.UTF_8)));
            assertThat(c.readLine()).isEqualTo("a NO [AUTHENTICATIONFAILED] Authentication failed.");
            c.send("b AUTHENTICATE PLAIN");
            assertThat(c.readLine()).isEqualTo("+ ");
            c.send("*");
            assertThat(c.readLine()).isEqualTo("b BAD Authentication aborted by client.");
            c.send("c AUTHENTICATE CRAM-MD5");
            String challenge = new String(Base64.getDecoder().decode(c.readLine().substring(2)), StandardCharsets.UTF_8);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacMD5");
            mac.init(new javax.crypto.spec.SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            StringBuilder hex = new StringBuilder();
            for (byte x : mac.doFinal(challenge.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", x));
            }
            c.send(Base64.getEncoder().encodeToString(("bob " + hex).getBytes(StandardCharsets.UTF_8)));
            assertThat(c.readLine()).startsWith("c OK [CAPABILITY").endsWith("Logged in");
            c.send("d LOGIN alice secret");
            assertThat(c.readLine()).startsWith("d BAD");
        }
    }

    @Test
    void anIdlingClientHearsTheServerIsStillThereAndIsWokenByADelivery() throws Exception {
        try (LineClient a = fixture.login("alice"); LineClient writer = fixture.login("alice")) {
            a.send("s SELECT INBOX");
            a.readUntil("s ");
            a.send("i IDLE");
            assertThat(a.readLine()).isEqualTo("+ idling");
            assertThat(a.readLine()).isEqualTo("* OK Still here");
            append(writer, "w", "wake up");
            List<String> woken = a.readUntil("* 1 RECENT");
            assertThat(woken).filteredOn(l -> !l.equals("* OK Still here")).containsExactly("* 1 EXISTS", "* 1 RECENT");
            a.send("DONE");
            assertThat(a.readUntil("i ")).last().isEqualTo("i OK Idle completed.");
        }
    }

    @Test
    void commandsOutsideTheirStateAreRefusedAndLogoutSaysBye() throws Exception {
        try (LineClient c = fixture.connect()) {
            c.readLine();
            c.send("a SELECT INBOX");
            assertThat(c.readLine()).isEqualTo("a BAD Error in IMAP command SELECT: Not authenticated.");
            c.send("b LOGIN alice secret");
            c.readLine();
            c.send("c FETCH 1 FLAGS");
            assertThat(c.readLine()).isEqualTo("c BAD Error in IMAP command FETCH: No mailbox selected.");
            c.send("d LOGOUT");
            assertThat(c.readLine()).isEqualTo("* BYE Logging out");
            assertThat(c.readLine()).isEqualTo("d OK Logout completed.");
            assertThat(c.readLine()).isNull();
        }
    }
}
