package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.colombier.api.auth.UserRecord;
import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata comes from the store's index and MIME structure from the mailbox cache: counted by the
 * Maildir store's message-file-open counter.
 */
@Timeout(180)
class ImapScaleTest {
    private static final int MESSAGES = 10_000;

    @TempDir
    Path dir;

    private static long opens(MailStore store) throws Exception {
        // the Maildir driver counts every message file it opens (MaildirStore.messageFileOpens)
        return (long) store.getClass().getMethod("messageFileOpens").invoke(store);
    }

    @Test
    void fetchOfFlagsOnTenThousandMessagesOpensNoMessageFileAndBodystructureIsParsedOnce() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir)) {
            UserRecord alice = new UserRecord("alice", null, OptionalInt.empty(), OptionalInt.empty(), Map.of());
            byte[] message = ("From: bob@example.org\r\nSubject: hello\r\nContent-Type: text/plain\r\n\r\nbody\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            try (UserMailboxes boxes = fixture.server().services().mailUsers().open(alice, "imap");
                 Mailbox inbox = boxes.open(MailboxPath.INBOX)) {
                for (int i = 0; i < MESSAGES; i++) {
                    inbox.append(AppendRequest.of(MessageSource.of(message)));
                }
            }
            MailStore store = fixture.server().services().mailUsers().store("maildir");
            try (LineClient c = fixture.login("alice")) {
                c.send("s SELECT INBOX");
                assertThat(c.readUntil("s ")).contains("* " + MESSAGES + " EXISTS");
                long before = opens(store);
                c.send("f FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE)");
                List<String> lines = c.readUntil("f ");
                assertThat(lines).hasSize(MESSAGES + 1).last().isEqualTo("f OK Fetch completed.");
                c.send("g SEARCH UNSEEN LARGER 10 UID 1:*");
                assertThat(c.readUntil("g ")).last().isEqualTo("g OK Search completed.");
                assertThat(opens(store)).as("message files opened for metadata").isEqualTo(before);

                c.send("b1 FETCH 7 BODYSTRUCTURE");
                assertThat(c.readUntil("b1 ").get(0)).startsWith("* 7 FETCH (BODYSTRUCTURE (\"text\" \"plain\"");
                long afterFirst = opens(store);
                assertThat(afterFirst).isEqualTo(before + 1);
                c.send("b2 FETCH 7 BODYSTRUCTURE");
                assertThat(c.readUntil("b2 ").get(0)).startsWith("* 7 FETCH (BODYSTRUCTURE (\"text\" \"plain\"");
                assertThat(opens(store)).as("second BODYSTRUCTURE fetch").isEqualTo(afterFirst);
                c.send("e1 FETCH 7 ENVELOPE");
                assertThat(c.readUntil("e1 ").get(0)).contains("ENVELOPE (NIL \"hello\"");
                long afterEnvelope = opens(store);
                c.send("e2 FETCH 7 (ENVELOPE BODYSTRUCTURE)");
                c.readUntil("e2 ");
                assertThat(opens(store)).as("ENVELOPE and BODYSTRUCTURE from the cache").isEqualTo(afterEnvelope);
            }
        }
    }
}
