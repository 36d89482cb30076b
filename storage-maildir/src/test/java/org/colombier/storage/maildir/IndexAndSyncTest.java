package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.colombier.storage.maildir.MaildirFixture.message;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Changes;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The driver's index: rebuildable, crash tolerant, answering metadata and changes without message files. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IndexAndSyncTest {
    @TempDir
    Path home;

    private Path maildir() {
        return home.resolve("Maildir");
    }

    private List<MessageInfo> fill(int count) throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            for (int i = 0; i < count; i++) {
                Flags flags = switch (i % 3) {
                    case 0 -> Flags.NONE;
                    case 1 -> Flags.of(SystemFlag.SEEN, SystemFlag.DRAFT);
                    default -> new Flags(Set.of(SystemFlag.FLAGGED), Set.of("$Forwarded", "Project-" + (i % 4)));
                };
                inbox.append(new AppendRequest(message("m" + i), flags, null, true));
            }
            inbox.expunge(UidSet.of(2));
            return inbox.messages(UidSet.all());
        }
    }

    private List<MessageInfo> reopenAndList() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            return inbox.messages(UidSet.all());
        }
    }

    private static void assertSameMessages(List<MessageInfo> actual, List<MessageInfo> expected) {
        assertThat(actual).extracting(MessageInfo::uid).isEqualTo(expected.stream().map(MessageInfo::uid).toList());
        assertThat(actual).extracting(MessageInfo::flags).isEqualTo(expected.stream().map(MessageInfo::flags).toList());
        assertThat(actual).extracting(MessageInfo::virtualSize).isEqualTo(expected.stream().map(MessageInfo::virtualSize).toList());
        assertThat(actual).extracting(MessageInfo::internalDate).isEqualTo(expected.stream().map(MessageInfo::internalDate).toList());
    }

    @Test
    void deletedIndexIsRebuiltWithTheSameUidsFlagsAndKeywords() throws Exception {
        List<MessageInfo> before = fill(20);
        Files.delete(maildir().resolve(MailboxIndex.FILE));
        assertSameMessages(reopenAndList(), before);
        assertThat(Files.exists(maildir().resolve(MailboxIndex.FILE))).isTrue();
    }

    @Test
    void tornIndexTailIsDroppedAndTheMailboxResynced() throws Exception {
        List<MessageInfo> before = fill(12);
        Path index = maildir().resolve(MailboxIndex.FILE);
        try (RandomAccessFile f = new RandomAccessFile(index.toFile(), "rw")) {
            f.setLength(f.length() - 7); // a crash mid-write
        }
        assertSameMessages(reopenAndList(), before);
        Files.write(index, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        assertSameMessages(reopenAndList(), before);
    }

    @Test
    void modSeqsTombstonesAndCachedValuesSurviveARestart() throws Exception {
        fill(5);
        long mark;
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            mark = inbox.status().highestModSeq();
            inbox.expunge(UidSet.of(3));
            inbox.updateFlags(UidSet.of(4), FlagUpdate.add(Flags.of(SystemFlag.ANSWERED)), OptionalLong.empty());
            inbox.cache(5, "envelope", new byte[] {9, 8, 7});
        }
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            Changes changes = inbox.changesSince(mark);
            assertThat(changes.expunged()).isEqualTo(UidSet.of(3));
            assertThat(changes.changed()).extracting(MessageInfo::uid).containsExactly(4L);
            assertThat(inbox.cached(5, "envelope")).hasValueSatisfying(v -> assertThat(v).containsExactly(9, 8, 7));
        }
    }

    @Test
    void metadataAndChangesSinceReadNoMessageFile() throws Exception {
        fill(300);
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            long mark = inbox.status().highestModSeq();
            inbox.updateFlags(UidSet.of(150), FlagUpdate.add(Flags.of(SystemFlag.SEEN)), OptionalLong.empty());
            long opensBefore = store.messageFileOpens();
            assertThat(inbox.messages(UidSet.all())).hasSize(299);
            Changes changes = inbox.changesSince(mark);
            assertThat(changes.changed()).extracting(MessageInfo::uid).containsExactly(150L);
            List<MessageInfo> all = inbox.messages(UidSet.all());
            assertThat(inbox.status().messages()).isEqualTo(299);
            assertThat(inbox.status().size()).isEqualTo(all.stream().mapToLong(MessageInfo::virtualSize).sum());
            assertThat(inbox.status().unseen()).isEqualTo(all.stream().filter(m -> !m.flags().has(SystemFlag.SEEN)).count());
            assertThat(store.messageFileOpens()).isEqualTo(opensBefore);
        }
    }

    @Test
    void changesByAnotherProgramAreFoundAndAnnounced() throws Exception {
        fill(6);
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            AtomicLong heard = new AtomicLong();
            long mark = inbox.status().highestModSeq();
            try (AutoCloseable sub = inbox.subscribe((p, m) -> heard.set(m))) {
                // an admin's mv adds \Flagged to UID 1, rm expunges UID 3, and a Courier-style file lands in new/
                Path one = find(maildir(), inbox.messages(UidSet.of(1)).get(0).guid());
                Files.move(one, maildir().resolve("cur").resolve(MaildirName.parse(one.getFileName().toString()).base() + ":2,F"));
                Files.delete(find(maildir(), inbox.messages(UidSet.of(3)).get(0).guid()));
                Path foreign = maildir().resolve("new").resolve("1700000000.12345_1.otherhost");
                Files.writeString(foreign, "Subject: external\n\nhi\n");
                Files.setLastModifiedTime(foreign, FileTime.fromMillis(1_700_000_000_000L));
                touchDirs(maildir());

                Changes changes = inbox.changesSince(mark);
                assertThat(changes.expunged()).isEqualTo(UidSet.of(3));
                assertThat(changes.changed()).extracting(MessageInfo::uid).containsExactly(1L, 7L);
                MessageInfo external = inbox.messages(UidSet.of(7)).get(0);
                assertThat(external.virtualSize()).isEqualTo("Subject: external\r\n\r\nhi\r\n".length());
                assertThat(external.internalDate().toEpochMilli()).isEqualTo(1_700_000_000_000L);
                assertThat(inbox.messages(UidSet.of(1)).get(0).flags().system()).containsExactly(SystemFlag.FLAGGED);
                assertThat(heard.get()).isEqualTo(changes.highestModSeq());
                assertThat(UidList.read(maildir().resolve(UidList.FILE)).byBase("1700000000.12345_1.otherhost").uid()).isEqualTo(7);
            }
        }
    }

    @Test
    void aMessageFileVanishedUnderUsIsExpungedNotACrash() throws Exception {
        fill(3);
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            Files.delete(find(maildir(), inbox.messages(UidSet.of(1)).get(0).guid()));
            assertThatThrownBy(() -> inbox.openMessage(1)).isInstanceOfSatisfying(StoreException.class,
                    e -> assertThat(e.error()).isEqualTo(StoreError.EXPUNGED));
            assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).doesNotContain(1L);
            assertThat(inbox.updateFlags(UidSet.of(1), FlagUpdate.add(Flags.of(SystemFlag.SEEN)), OptionalLong.empty())
                    .updated()).isEmpty();
        }
    }

    /** The file whose base name is {@code base}, in {@code cur/} or {@code new/}. */
    static Path find(Path maildir, String base) throws Exception {
        Path p = MailboxState.findByBase(maildir, base);
        assertThat(p).as("file of %s", base).isNotNull();
        return p;
    }

    /** Makes sure the change is visible through the directories' mtimes even on a coarse clock. */
    private static void touchDirs(Path maildir) throws Exception {
        for (String sub : List.of("cur", "new")) {
            Path d = maildir.resolve(sub);
            Files.setLastModifiedTime(d, FileTime.fromMillis(Files.getLastModifiedTime(d).toMillis() + 1));
        }
    }
}
