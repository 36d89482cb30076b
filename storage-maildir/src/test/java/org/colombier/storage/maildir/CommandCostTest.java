package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colombier.storage.maildir.MaildirFixture.message;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one command costs on disk, whatever the number of messages it touches: one sync per
 * directory, index records appended (compacted now and then), and the uidlist rewritten only when
 * a quarter of its records are stale, as Dovecot does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandCostTest {
    @TempDir
    Path home;

    private Path maildir() {
        return home.resolve("Maildir");
    }

    private static void fill(Mailbox inbox, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            inbox.append(AppendRequest.of(message("m" + i)));
        }
    }

    private Object fileKey(String name) throws Exception {
        return Files.readAttributes(maildir().resolve(name), BasicFileAttributes.class).fileKey();
    }

    @Test
    void storeOnManyMessagesSyncsEachDirectoryOnceAndAppendsToTheIndex() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            fill(inbox, 100);
            String uidlist = Files.readString(maildir().resolve(UidList.FILE));
            Object indexKey = fileKey(MailboxIndex.FILE);
            long indexSize = Files.size(maildir().resolve(MailboxIndex.FILE));
            long syncs = store.directorySyncs();

            // every file moves new/ -> cur/: both directories synced, once each for the 100 renames
            assertThat(inbox.updateFlags(UidSet.range(1, 100), FlagUpdate.add(Flags.of(SystemFlag.SEEN)), OptionalLong.empty())
                    .updated()).hasSize(100);
            assertThat(store.directorySyncs() - syncs).isEqualTo(2);
            // renames within cur/: one sync
            inbox.updateFlags(UidSet.range(1, 100), FlagUpdate.add(Flags.of(SystemFlag.FLAGGED)), OptionalLong.empty());
            assertThat(store.directorySyncs() - syncs).isEqualTo(3);

            assertThat(fileKey(MailboxIndex.FILE)).as("index appended to, not rewritten").isEqualTo(indexKey);
            assertThat(Files.size(maildir().resolve(MailboxIndex.FILE))).isGreaterThan(indexSize);
            assertThat(Files.readString(maildir().resolve(UidList.FILE))).isEqualTo(uidlist);
            try (var files = Files.list(maildir().resolve("cur"))) {
                assertThat(files.map(p -> p.getFileName().toString())).hasSize(100).allMatch(n -> n.endsWith(":2,FS"));
            }
        }
    }

    @Test
    void expungeKeepsStaleUidlistRecordsUntilAQuarterAreStaleThenRewritesItOnce() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            fill(inbox, 20);
            String before = Files.readString(maildir().resolve(UidList.FILE));
            Object key = fileKey(UidList.FILE);
            long syncs = store.directorySyncs();

            assertThat(inbox.expunge(UidSet.range(1, 4))).isEqualTo(UidSet.range(1, 4));
            assertThat(store.directorySyncs() - syncs).as("new/ synced once for four unlinks").isEqualTo(1);
            assertThat(fileKey(UidList.FILE)).isEqualTo(key);
            assertThat(Files.readString(maildir().resolve(UidList.FILE))).as("16 live of 20 records: left alone").isEqualTo(before);

            // 15 live of 20 records is 75 %: one rewrite drops every stale record, N keeps UIDNEXT
            inbox.expunge(UidSet.of(5));
            assertThat(fileKey(UidList.FILE)).isNotEqualTo(key);
            UidList rewritten = UidList.read(maildir().resolve(UidList.FILE));
            assertThat(rewritten.entries()).extracting(UidList.Entry::uid).containsExactlyElementsOf(UidSet.range(6, 20));
            assertThat(rewritten.nextUid()).isEqualTo(21);
            assertThat(inbox.append(AppendRequest.of(message("after"))).uid()).isEqualTo(21);
        }
    }

    @Test
    void staleUidlistRecordsNeverBringBackAMessageOrAUid() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            fill(inbox, 10);
            inbox.expunge(UidSet.of(10));
            assertThat(Files.readString(maildir().resolve(UidList.FILE))).contains("\n10 :");
        }
        Files.delete(maildir().resolve(MailboxIndex.FILE)); // rebuilt from the files and the uidlist
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactlyElementsOf(UidSet.range(1, 9));
            assertThat(inbox.status().uidNext()).isEqualTo(11);
            assertThat(inbox.append(AppendRequest.of(message("new"))).uid()).isEqualTo(11);
        }
    }

    @Test
    void reopeningAnUnchangedMailboxTakesTheUidlistFactsFromTheIndex() throws Exception {
        MailboxStatus before;
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            fill(inbox, 5);
            before = inbox.status();
        }
        // the facts must come from the index: a garbled uidlist body with the same size and mtime goes unread
        Path uidlist = maildir().resolve(UidList.FILE);
        BasicFileAttributes a = Files.readAttributes(uidlist, BasicFileAttributes.class);
        byte[] bytes = Files.readAllBytes(uidlist);
        byte[] garbled = new byte[bytes.length];
        Arrays.fill(garbled, (byte) 'x');
        try (FileChannel ch = FileChannel.open(uidlist, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(garbled), 0);
        }
        Files.setLastModifiedTime(uidlist, a.lastModifiedTime());
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            assertThat(inbox.status()).isEqualTo(before);
            // appending to an unparsed uidlist adds records at its end, as Dovecot does
            Files.write(uidlist, bytes);
            Files.setLastModifiedTime(uidlist, a.lastModifiedTime());
            assertThat(inbox.append(AppendRequest.of(message("six"))).uid()).isEqualTo(6);
        }
        UidList list = UidList.read(uidlist);
        assertThat(list.entries()).extracting(UidList.Entry::uid).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(list.guid()).isEqualTo(before.guid());
    }

    @Test
    void theIndexIsCompactedWhenItHasGrownAndKeepsEveryMessageFlagAndModseq() throws Exception {
        List<MessageInfo> before;
        MailboxStatus status;
        Path index = maildir().resolve(MailboxIndex.FILE);
        try (MaildirStore store = new MaildirStore(new MailStoreSettings("maildir", "never", Map.of()));
             UserMailboxes u = MaildirFixture.user(store, maildir()); Mailbox inbox = u.open(MailboxPath.INBOX)) {
            fill(inbox, 10);
            Object key = fileKey(MailboxIndex.FILE);
            long largest = 0;
            for (int round = 0; round < 1_100; round++) {
                FlagUpdate update = round % 2 == 0 ? FlagUpdate.add(Flags.of(SystemFlag.SEEN)) : FlagUpdate.remove(Flags.of(SystemFlag.SEEN));
                inbox.updateFlags(UidSet.range(1, 10), update, OptionalLong.empty());
                largest = Math.max(largest, Files.size(index));
            }
            assertThat(fileKey(MailboxIndex.FILE)).as("compacted into a new file").isNotEqualTo(key);
            assertThat(Files.size(index)).isLessThan(largest / 4);
            before = inbox.messages(UidSet.all());
            status = inbox.status();
        }
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            assertThat(inbox.messages(UidSet.all())).isEqualTo(before);
            assertThat(inbox.status()).isEqualTo(status);
            assertThat(inbox.changesSince(status.highestModSeq()).changed()).isEmpty();
        }
    }

    @Test
    void aCompactionCutShortLeavesTheOldIndexInCharge() throws Exception {
        List<MessageInfo> before;
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            fill(inbox, 5);
            inbox.updateFlags(UidSet.of(3), FlagUpdate.add(Flags.of(SystemFlag.ANSWERED)), OptionalLong.empty());
            before = inbox.messages(UidSet.all());
        }
        // a crash between writing the compacted copy and renaming it: a torn .tmp beside the live index
        Path index = maildir().resolve(MailboxIndex.FILE);
        byte[] live = Files.readAllBytes(index);
        Files.write(maildir().resolve(MailboxIndex.FILE + ".tmp"), Arrays.copyOf(live, live.length / 2));
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            assertThat(inbox.messages(UidSet.all())).isEqualTo(before);
            assertThat(inbox.append(AppendRequest.of(message("six"))).uid()).isEqualTo(6);
        }
    }

    @Test
    void aVersion1IndexIsReadAndUpgradedKeepingModseqs() throws Exception {
        List<MessageInfo> before;
        MailboxStatus status;
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            fill(inbox, 6);
            inbox.updateFlags(UidSet.of(2), FlagUpdate.add(new Flags(Set.of(SystemFlag.FLAGGED), Set.of("Work"))),
                    OptionalLong.empty());
            inbox.expunge(UidSet.of(4));
            before = inbox.messages(UidSet.all());
            status = inbox.status();
        }
        Path index = maildir().resolve(MailboxIndex.FILE);
        Files.write(index, toVersion1(Files.readAllBytes(index)));
        assertThat(new String(Files.readAllBytes(index), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("CLMBIDX1");

        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            assertThat(inbox.messages(UidSet.all())).isEqualTo(before);
            assertThat(inbox.status()).isEqualTo(status);
            assertThat(inbox.changesSince(status.highestModSeq()).changed()).isEmpty();
        }
        assertThat(new String(Files.readAllBytes(index), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("CLMBIDX2");
    }

    /**
     * The same log as version 1 wrote it: magic {@code CLMBIDX1}, and each mailbox state record
     * (type 5) cut back to version 1's type 4 fields, without the uidlist facts.
     */
    private static byte[] toVersion1(byte[] v2) {
        ByteBuffer in = ByteBuffer.wrap(v2);
        ByteBuffer out = ByteBuffer.allocate(v2.length);
        in.position(8);
        out.put(MailboxIndex.MAGIC_V1);
        while (in.remaining() >= 8) {
            int len = in.getInt();
            byte[] body = new byte[len];
            in.get(body);
            in.getInt();
            if (body[0] == 5) {
                int keyLen = ByteBuffer.wrap(body, 49, 4).getInt();
                body = Arrays.copyOf(body, 49 + 4 + keyLen + 24);
                body[0] = 4;
            }
            CRC32C crc = new CRC32C();
            crc.update(body);
            out.putInt(body.length).put(body).putInt((int) crc.getValue());
        }
        return Arrays.copyOf(out.array(), out.position());
    }
}
