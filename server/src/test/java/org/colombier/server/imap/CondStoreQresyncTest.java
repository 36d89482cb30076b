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
}
