package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.colombier.api.auth.UserRecord;
import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.server.mime.ImapMimeWriter;
import org.colombier.server.mime.MessageStructure;
import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEARCH on header keys is answered from the mailbox cache once a message's header was read, with
 * the same answers RFC 3501 gives from the message (case-insensitive substrings of unfolded,
 * RFC 2047-decoded values), and ENVELOPE/BODYSTRUCTURE from the cache equal a fresh parse. That a
 * repeated search reads no message is shown twice: the Maildir store's count of message files
 * opened stays put, and the answers stay the same after every message file was emptied.
 */
@Timeout(120)
class SearchHeaderCacheTest {
    private static final UserRecord ALICE = new UserRecord("alice", null, OptionalInt.empty(), OptionalInt.empty(), Map.of());

    static final String[] MESSAGES = {
        "From: \"Xavier Yzzy\" <xy@example.org>\r\n"
            + "To: alice@example.org\r\n"
            + "Subject: The magic word is\r\n XYZZY, folded\r\n"
            + "Date: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
            + "List-Id: Developers <dev.lists.example.org>\r\n"
            + "Received: from relay.example.net by mx.example.org\r\n"
            + "Message-ID: <m1@example.org>\r\n"
            + "\r\n"
            + "body one\r\n",
        "From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.org>\r\n"
            + "To: alice@example.org\r\n"
            + "Cc: Carol <carol@example.org>\r\n"
            + "Subject: =?UTF-8?Q?Caf=C3=A9_plugh?=\r\n"
            + "Date: Tue, 3 Nov 2026 10:00:00 +0000\r\n"
            + "Content-Type: multipart/mixed; boundary=b\r\n"
            + "\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\npart one\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>two</p>\r\n--b--\r\n",
        "From: dave@example.org\r\n"
            + "To: Bob <bob@example.org>\r\n"
            + "Bcc: secret@example.org\r\n"
            + "Subject: nothing here\r\n"
            + "\r\n"
            + "but the body says xyzzy\r\n",
        // bare LF line endings, as an MTA may write a Maildir file
        "From: eve@example.org\nSubject: lf-only Xyzzy\n\nbody\n",
    };

    /** Criteria and the sequence numbers RFC 3501 matching gives for {@link #MESSAGES}. */
    private static Map<String, String> criteria() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("SUBJECT xyzzy", "1 4");
        c.put("HEADER Subject \"is XYZZY\"", "1");
        c.put("SUBJECT plugh", "2");
        c.put("SUBJECT \"Caf=C3\"", "");
        c.put("FROM yzzy", "1");
        c.put("FROM \"andre@EXAMPLE\"", "2");
        c.put("TO bob", "3");
        c.put("CC carol", "2");
        c.put("BCC secret", "3");
        c.put("HEADER List-Id dev.lists", "1");
        c.put("HEADER Message-ID \"\"", "1");
        c.put("SENTON 3-Nov-2026", "2");
        c.put("OR SUBJECT xyzzy FROM andre", "1 2 4");
        c.put("NOT SUBJECT xyzzy", "2 3");
        return c;
    }

    private static long opens(ImapServerFixture fixture) throws Exception {
        MailStore store = fixture.server().services().mailUsers().store("maildir");
        return (long) store.getClass().getMethod("messageFileOpens").invoke(store);
    }

    private static void append(ImapServerFixture fixture, String... messages) throws Exception {
        try (UserMailboxes boxes = fixture.server().services().mailUsers().open(ALICE, "imap");
             Mailbox inbox = boxes.open(MailboxPath.INBOX)) {
            for (String m : messages) {
                inbox.append(AppendRequest.of(MessageSource.of(m.getBytes(StandardCharsets.ISO_8859_1))));
            }
        }
    }

    private static String search(LineClient c, String criteria) throws IOException {
        c.send("s SEARCH " + criteria);
        List<String> lines = c.readUntil("s ");
        assertThat(lines.get(lines.size() - 1)).as(criteria).isEqualTo("s OK Search completed.");
        return lines.stream().filter(l -> l.startsWith("* SEARCH")).findFirst().orElseThrow()
                .substring("* SEARCH".length()).trim();
    }

    private static Map<String, String> searchAll(LineClient c) throws IOException {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String criteria : criteria().keySet()) {
            answers.put(criteria, search(c, criteria));
        }
        return answers;
    }

    /** Empties every message file in place (the directories do not change, so no resync notices). */
    private static void emptyMessageFiles(Path maildir) throws IOException {
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(maildir.resolve(sub))) {
                for (Path f : files.toList()) {
                    Files.write(f, new byte[0]);
                }
            }
        }
    }

    @Test
    void headerKeysMatchUnfoldedDecodedCaseInsensitiveSubstringsAndRepeatFromTheCache() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir)) {
            append(fixture, MESSAGES);
            try (LineClient c = fixture.login("alice")) {
                c.send("a SELECT INBOX");
                c.readUntil("a ");
                long before = opens(fixture);
                Map<String, String> first = searchAll(c);
                assertThat(first).isEqualTo(criteria());
                assertThat(opens(fixture) - before).as("the first search reads each message once").isEqualTo(MESSAGES.length);

                long afterFirst = opens(fixture);
                assertThat(searchAll(c)).isEqualTo(first);
                assertThat(opens(fixture)).as("message files opened by the repeated search").isEqualTo(afterFirst);

                emptyMessageFiles(fixture.maildir("alice"));
                assertThat(searchAll(c)).as("with every message file emptied").isEqualTo(first);

                c.sendBytes("t SEARCH CHARSET UTF-8 SUBJECT {5+}\r\ncafé\r\n".getBytes(StandardCharsets.UTF_8));
                assertThat(c.readUntil("t ")).contains("* SEARCH 2");
                c.sendBytes("t2 SEARCH CHARSET UTF-8 FROM {6+}\r\nandré\r\n".getBytes(StandardCharsets.UTF_8));
                assertThat(c.readUntil("t2 ")).contains("* SEARCH 2");
            }
        }
    }

    @Test
    void theCachedHeadersSurviveARestart() throws Exception {
        Map<String, String> first;
        try (ImapServerFixture fixture = ImapServerFixture.start(dir)) {
            append(fixture, MESSAGES);
            try (LineClient c = fixture.login("alice")) {
                c.send("a SELECT INBOX");
                c.readUntil("a ");
                first = searchAll(c);
            }
        }
        emptyMessageFiles(dir.resolve("mail/alice/Maildir"));
        try (ImapServerFixture fixture = ImapServerFixture.start(dir)) {
            try (LineClient c = fixture.login("alice")) {
                c.send("a SELECT INBOX");
                c.readUntil("a ");
                long before = opens(fixture);
                assertThat(searchAll(c)).isEqualTo(first).isEqualTo(criteria());
                assertThat(opens(fixture)).as("message files opened after the restart").isEqualTo(before);
            }
        }
    }

    @Test
    void afterAnExpungeTheSearchAnswersFromTheRemainingMessagesAndReadsOnlyNewOnes() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir)) {
            append(fixture, MESSAGES);
            try (LineClient c = fixture.login("alice")) {
                c.send("a SELECT INBOX");
                c.readUntil("a ");
                assertThat(search(c, "SUBJECT xyzzy")).isEqualTo("1 4");
                c.send("d STORE 1 +FLAGS.SILENT (\\Deleted)");
                c.readUntil("d ");
                c.send("e EXPUNGE");
                assertThat(c.readUntil("e ")).contains("* 1 EXPUNGE");
                long before = opens(fixture);
                assertThat(search(c, "SUBJECT xyzzy")).isEqualTo("3");
                assertThat(search(c, "FROM yzzy")).isEmpty();
                c.send("f UID SEARCH SUBJECT xyzzy");
                assertThat(c.readUntil("f ")).contains("* SEARCH 4");
                assertThat(opens(fixture)).isEqualTo(before);

                append(fixture, "From: frank@example.org\r\nSubject: one more XYZZY\r\n\r\nhi\r\n");
                c.send("n NOOP");
                assertThat(c.readUntil("n ")).contains("* 4 EXISTS");
                assertThat(search(c, "SUBJECT xyzzy")).isEqualTo("3 4");
                assertThat(opens(fixture) - before).as("only the new message is read").isEqualTo(1);
            }
        }
    }

    @Test
    void envelopeAndBodystructureFromTheCacheEqualAFreshParse() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir)) {
            append(fixture, MESSAGES);
            try (LineClient c = fixture.login("alice")) {
                c.send("a SELECT INBOX");
                c.readUntil("a ");
                c.send("e FETCH 1:* ENVELOPE");
                List<String> envelopes = fetchLines(c, "e ");
                c.send("b FETCH 1:* (BODYSTRUCTURE BODY)");
                List<String> structures = fetchLines(c, "b ");
                long before = opens(fixture);
                c.send("r FETCH 1:* (ENVELOPE BODYSTRUCTURE BODY)");
                List<String> repeated = fetchLines(c, "r ");
                assertThat(opens(fixture)).as("all from the cache").isEqualTo(before);
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < MESSAGES.length; i++) {
                    MessageStructure fresh = MessageStructure.parse(crlf(MESSAGES[i]));
                    String envelope = "ENVELOPE " + latin1(ImapMimeWriter.envelope(fresh.envelope()));
                    String bodyStructure = "BODYSTRUCTURE " + latin1(ImapMimeWriter.bodyStructure(fresh, true));
                    String body = "BODY " + latin1(ImapMimeWriter.bodyStructure(fresh, false));
                    assertThat(envelopes.get(i)).isEqualTo("* " + (i + 1) + " FETCH (" + envelope + ")");
                    assertThat(structures.get(i)).isEqualTo("* " + (i + 1) + " FETCH (" + bodyStructure + " " + body + ")");
                    expected.add("* " + (i + 1) + " FETCH (" + envelope + " " + bodyStructure + " " + body + ")");
                }
                assertThat(repeated).isEqualTo(expected);
            }
        }
    }

    private static List<String> fetchLines(LineClient c, String tag) throws IOException {
        List<String> lines = c.readUntil(tag);
        assertThat(lines.get(lines.size() - 1)).isEqualTo(tag + "OK Fetch completed.");
        return lines.subList(0, lines.size() - 1);
    }

    private static byte[] crlf(String message) {
        return message.replaceAll("(?<!\r)\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @TempDir
    Path dir;
}
