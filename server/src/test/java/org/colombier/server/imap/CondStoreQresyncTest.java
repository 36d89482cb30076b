package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RFC 7162: modseqs from the store, UNCHANGEDSINCE, CHANGEDSINCE, and QRESYNC resynchronization. */
@Timeout(60)
class CondStoreQresyncTest {
    @TempDir
    Path dir;

    private static long number(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError(regex + " not in " + lines);
    }

    @Test
    void aClientResynchronizesFromItsLastModseq() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir);
             LineClient a = fixture.login("alice")) {
            for (int i = 1; i <= 3; i++) {
                a.send("p" + i + " APPEND INBOX {12+}");
                a.sendRaw("Subject: " + i + "\r\n\r\n");
                a.readUntil("p" + i + " ");
            }
            a.send("e ENABLE QRESYNC");
            assertThat(a.readUntil("e ")).containsExactly("* ENABLED QRESYNC", "e OK Enabled.");
            a.send("s SELECT INBOX");
            List<String> select = a.readUntil("s ");
            long uidValidity = number(select, "UIDVALIDITY (\\d+)");
            long modSeq = number(select, "HIGHESTMODSEQ (\\d+)");
            a.send("u UNSELECT");
            a.readUntil("u ");

            try (LineClient b = fixture.login("alice")) {
                b.send("s SELECT INBOX (CONDSTORE)");
                assertThat(b.readUntil("s ")).anyMatch(l -> l.startsWith("* OK [HIGHESTMODSEQ "));
                b.send("f1 STORE 1 +FLAGS (\\Seen)");
                assertThat(b.readUntil("f1 ").get(0)).matches("\\* 1 FETCH \\(FLAGS \\(\\\\Seen\\) MODSEQ \\(\\d+\\)\\)");
                b.send("f2 STORE 2 (UNCHANGEDSINCE 1) +FLAGS (\\Flagged)");
                assertThat(b.readUntil("f2 ")).last().isEqualTo("f2 OK [MODIFIED 2] Conditional store failed.");
                b.send("d STORE 3 +FLAGS.SILENT (\\Deleted)");
                b.readUntil("d ");
                b.send("x EXPUNGE");
                b.readUntil("x ");
            }

            a.send("q SELECT INBOX (QRESYNC (" + uidValidity + " " + modSeq + " 1:3))");
            List<String> resync = a.readUntil("q ");
            assertThat(resync).contains("* VANISHED (EARLIER) 3");
            assertThat(resync).anyMatch(l -> l.matches("\\* 1 FETCH \\(UID 1 FLAGS \\(\\\\Seen\\) MODSEQ \\(\\d+\\)\\)"));
            assertThat(resync).noneMatch(l -> l.startsWith("* 2 FETCH"));
            assertThat(resync).last().isEqualTo("q OK [READ-WRITE] Select completed.");

            a.send("c UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + " VANISHED)");
            List<String> changed = a.readUntil("c ");
            assertThat(changed).contains("* VANISHED (EARLIER) 3");
            assertThat(changed).anyMatch(l -> l.startsWith("* 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ ("));
            assertThat(changed).last().isEqualTo("c OK Fetch completed.");
            a.send("m SEARCH MODSEQ " + (modSeq + 1));
            assertThat(a.readUntil("m ").get(0)).matches("\\* SEARCH 1 \\(MODSEQ \\d+\\)");
        }
    }

    /** Appends {@code n} messages, enables QRESYNC and selects INBOX; returns {UIDVALIDITY, HIGHESTMODSEQ}. */
    private static long[] fiveMessagesSelected(LineClient c) throws Exception {
        for (int i = 1; i <= 5; i++) {
            c.send("p" + i + " APPEND INBOX {12+}");
            c.sendRaw("Subject: " + i + "\r\n\r\n");
            c.readUntil("p" + i + " ");
        }
        c.send("e ENABLE QRESYNC");
        c.readUntil("e ");
        c.send("s SELECT INBOX");
        List<String> select = c.readUntil("s ");
        return new long[] {number(select, "UIDVALIDITY (\\d+)"), number(select, "HIGHESTMODSEQ (\\d+)")};
    }

    private static void expunge(LineClient c, String uids) throws Exception {
        c.send("d UID STORE " + uids + " +FLAGS.SILENT (\\Deleted)");
        c.readUntil("d ");
        c.send("x UID EXPUNGE " + uids);
        c.readUntil("x ");
    }

    private static List<String> resync(LineClient c, String qresync) throws Exception {
        c.send("u UNSELECT");
        c.readUntil("u ");
        c.send("q SELECT INBOX (QRESYNC (" + qresync + "))");
        List<String> lines = c.readUntil("q ");
        assertThat(lines).last().isEqualTo("q OK [READ-WRITE] Select completed.");
        return lines;
    }

    private static long fetches(List<String> lines) {
        return lines.stream().filter(l -> l.matches("\\* \\d+ FETCH \\(UID \\d+ FLAGS .*")).count();
    }

    @Test
    void aModseqTheMailboxNeverReachedGetsEveryMissingUidVanishedAndEveryFlagAgain() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir);
             LineClient c = fixture.login("alice")) {
            long[] known = fiveMessagesSelected(c);
            expunge(c, "2,4");
            List<String> lines = resync(c, known[0] + " " + (known[1] + 1000) + " 1:5");
            assertThat(lines).contains("* VANISHED (EARLIER) 2,4");
            assertThat(fetches(lines)).isEqualTo(3);
        }
    }

    @Test
    void knownSequenceMatchDataSparesTheUidsBelowTheHighestMatchingPair() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir);
             LineClient c = fixture.login("alice")) {
            long[] known = fiveMessagesSelected(c);
            expunge(c, "2");
            expunge(c, "4");
            // the client last saw 1,3,4,5: its pairs 1->1 and 2->3 still hold, 3->4 does not
            List<String> lines = resync(c, known[0] + " " + (known[1] + 1000) + " 1:5 (1:3 1,3,4)");
            assertThat(lines).contains("* VANISHED (EARLIER) 4");
            assertThat(lines).noneMatch(l -> l.startsWith("* VANISHED (EARLIER) 2"));
        }
    }

    @Test
    void aPairTheHistoryCannotExplainFallsBackToTheFullReport() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir);
             LineClient c = fixture.login("alice")) {
            long[] known = fiveMessagesSelected(c);
            expunge(c, "4");
            List<String> exact = resync(c, known[0] + " " + known[1] + " 1:5 (2 2)");
            assertThat(exact).contains("* VANISHED (EARLIER) 4");
            assertThat(fetches(exact)).isZero();
            // UID 3 at sequence 2 contradicts the history (2 was never expunged): report everything
            List<String> full = resync(c, known[0] + " " + known[1] + " 1:5 (2 3)");
            assertThat(full).contains("* VANISHED (EARLIER) 4");
            assertThat(fetches(full)).isEqualTo(4);
        }
    }

    @Test
    void knownSequenceMatchSetsOfDifferentSizesAreABadCommand() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir);
             LineClient c = fixture.login("alice")) {
            long[] known = fiveMessagesSelected(c);
            c.send("q SELECT INBOX (QRESYNC (" + known[0] + " " + known[1] + " 1:5 (1:2 1)))");
            assertThat(c.readUntil("q ")).last().asString().startsWith("q BAD ");
        }
    }
}
