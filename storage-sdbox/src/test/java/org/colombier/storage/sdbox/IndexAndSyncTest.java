package org.colombier.storage.sdbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our cache, change tracking without rescans, log rotation, and force-resync. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IndexAndSyncTest {
    @TempDir
    Path home;

    private Path root() {
        return home.resolve("sdbox");
    }

    private Path inboxDir() {
        return root().resolve("mailboxes/INBOX/dbox-Mails");
    }

    private UserMailboxes user(SdboxStore store) throws Exception {
        return store.forUser(new MailUser("alice", home, root(), Map.of()));
    }

    private static SdboxStore store() {
        return new SdboxStore(new MailStoreSettings("sdbox", "optimized", Map.of()));
    }

    private static AppendRequest message(int i, Flags flags) {
        return new AppendRequest(MessageSource.of(("Subject: " + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                flags, null, true);
    }

    @Test
    void metadataStatusAndChangesAfterReopeningReadNoMessageFile() throws Exception {
        try (SdboxStore store = store(); UserMailboxes user = user(store); Mailbox inbox = user.open(MailboxPath.INBOX)) {
            for (int i = 0; i < 50; i++) {
                inbox.append(message(i, Flags.NONE));
            }
        }
        try (SdboxStore store = store(); UserMailboxes user = user(store); Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long opens = SdboxStore.messageFileOpens();
            MailboxStatus status = inbox.status();
            assertThat(inbox.messages(UidSet.all())).hasSize(50).allMatch(m -> m.size() > 0 && m.virtualSize() == m.size());
            inbox.updateFlags(UidSet.of(7), FlagUpdate.add(Flags.of(SystemFlag.SEEN)), OptionalLong.empty());
            assertThat(inbox.changesSince(status.highestModSeq()).changed()).extracting(MessageInfo::uid).containsExactly(7L);
            assertThat(inbox.status().size()).isEqualTo(status.size());
            assertThat(SdboxStore.messageFileOpens()).isEqualTo(opens);
        }
    }

    @Test
    void changesSinceAModSeqOlderThanTheKnownHistoryReportsEveryMissingUidAsExpunged() throws Exception {
        try (SdboxStore store = store(); UserMailboxes user = user(store); Mailbox inbox = user.open(MailboxPath.INBOX)) {
            for (int i = 0; i < 5; i++) {
                inbox.append(message(i, Flags.NONE));
            }
            inbox.expunge(UidSet.of(2));
            long mark = inbox.status().highestModSeq();
            assertThat(inbox.changesSince(mark).isEmpty()).isTrue();
            assertThat(inbox.changesSince(0).expunged().contains(2)).isTrue();
        }
    }

    @Test
    void aLogRotatedByDovecotIsFollowedAndWrittenAfterwards() throws Exception {
        try (SdboxStore store = store(); UserMailboxes user = user(store); Mailbox inbox = user.open(MailboxPath.INBOX)) {
            inbox.append(message(1, Flags.of(SystemFlag.SEEN)));
            long modSeq = inbox.status().highestModSeq();
            // what Dovecot does at 1 MB: .log becomes .log.2, a new log continues the sequence
            Path log = inboxDir().resolve(TransactionLog.FILE);
            ByteBuffer old = ByteBuffer.wrap(Files.readAllBytes(log)).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer h = ByteBuffer.allocate(TransactionLog.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            h.put((byte) 1).put((byte) 3).putShort((short) 40).putInt(old.getInt(4)).putInt(old.getInt(8) + 1).putInt(old.getInt(8))
                    .putInt(old.limit()).putInt((int) (System.currentTimeMillis() / 1000)).putLong(modSeq).put((byte) 1);
            Path fresh = inboxDir().resolve("new-log");
            Files.write(fresh, h.array());
            Files.write(fresh, new Transaction(false).flags(1, 1, 0x02, 0).bytes(), StandardOpenOption.APPEND);
            Files.move(log, inboxDir().resolve(TransactionLog.ROTATED), StandardCopyOption.ATOMIC_MOVE);
            Files.move(fresh, log, StandardCopyOption.ATOMIC_MOVE);

            MessageInfo m = inbox.messages(UidSet.of(1)).get(0);
            assertThat(m.flags().system()).containsExactlyInAnyOrder(SystemFlag.SEEN, SystemFlag.FLAGGED);
            assertThat(m.modSeq()).isEqualTo(modSeq + 1);
            long uid = inbox.append(message(2, Flags.NONE)).uid();
            assertThat(uid).isEqualTo(2);
        }
        try (SdboxStore store = store(); UserMailboxes user = user(store); Mailbox inbox = user.open(MailboxPath.INBOX)) {
            assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactly(1L, 2L);
            assertThat(inbox.messages(UidSet.of(1)).get(0).flags().has(SystemFlag.FLAGGED)).isTrue();
        }
    }

    @Test
    void forceResyncAddsUnindexedFilesAndDropsMissingOnesKeepingUidValidityAndFlags() throws Exception {
        try (SdboxStore store = store(); UserMailboxes user = user(store); Mailbox inbox = user.open(MailboxPath.INBOX)) {
            for (int i = 1; i <= 3; i++) {
                inbox.append(message(i, new Flags(Set.of(SystemFlag.ANSWERED), Set.of("Kept"))));
            }
            MailboxStatus before = inbox.status();
            Files.copy(inboxDir().resolve("u.1"), inboxDir().resolve("u.40"));
            Files.delete(inboxDir().resolve("u.2"));
            assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactly(1L, 2L, 3L);

            inbox.forceResync();
            List<MessageInfo> all = inbox.messages(UidSet.all());
            assertThat(all).extracting(MessageInfo::uid).containsExactly(1L, 3L, 40L);
            assertThat(all.get(1).flags()).isEqualTo(new Flags(Set.of(SystemFlag.ANSWERED), Set.of("Kept")));
            assertThat(all.get(2).flags()).isEqualTo(Flags.NONE);
            assertThat(inbox.status().uidValidity()).isEqualTo(before.uidValidity());
            assertThat(inbox.status().guid()).isEqualTo(before.guid());
            assertThat(inbox.append(message(4, Flags.NONE)).uid()).isEqualTo(41);
        }
    }

    @Test
    void userForceResyncRebuildsAMissingOwnIndexKeepingUidsAndFlags() throws Exception {
        Flags answered = new Flags(Set.of(SystemFlag.ANSWERED), Set.of("Kept"));
        try (SdboxStore store = store(); UserMailboxes user = user(store)) {
            try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
                inbox.append(message(1, answered));
                inbox.append(message(2, Flags.NONE));
            }
            Files.delete(inboxDir().resolve(MetaIndex.FILE));
            user.forceResync(MailboxPath.INBOX);
            try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
                List<MessageInfo> all = inbox.messages(UidSet.all());
                assertThat(all).extracting(MessageInfo::uid).containsExactly(1L, 2L);
                assertThat(all.get(0).flags()).isEqualTo(answered);
                assertThat(all.get(1).flags()).isEqualTo(Flags.NONE);
            }
        }
    }
}
