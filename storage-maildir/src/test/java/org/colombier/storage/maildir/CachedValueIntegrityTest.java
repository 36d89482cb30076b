package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colombier.storage.maildir.MaildirFixture.message;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cached values are only framed when the index is opened, their checksum checked when read: a
 * damaged one is a miss, and a torn one at the end of the log is still dropped at open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CachedValueIntegrityTest {
    @TempDir
    Path home;

    private Path maildir() {
        return home.resolve("Maildir");
    }

    private Path indexFile() {
        return maildir().resolve(MailboxIndex.FILE);
    }

    /** Flips one byte of the first occurrence of {@code marker} in the index file. */
    private void damage(String marker) throws Exception {
        byte[] all = Files.readAllBytes(indexFile());
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        int at = -1;
        for (int i = 0; i + m.length <= all.length && at < 0; i++) {
            if (Arrays.equals(all, i, i + m.length, m, 0, m.length)) {
                at = i;
            }
        }
        assertThat(at).as("marker in the index").isNotNegative();
        try (RandomAccessFile f = new RandomAccessFile(indexFile().toFile(), "rw")) {
            f.seek(at + m.length - 1);
            f.write(all[at + m.length - 1] ^ 0x55);
        }
    }

    private static byte[] filled(int size, char c) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void aDamagedCachedValueIsAMissNotAnError() throws Exception {
        byte[] big = filled(MailboxIndex.TAIL_VERIFIED + 4096, 'b');
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            inbox.append(new AppendRequest(message("one"), Flags.NONE, null, true));
            inbox.append(new AppendRequest(message("two"), Flags.NONE, null, true));
            inbox.cache(1, "envelope", "ENVELOPE-OF-ONE".getBytes(StandardCharsets.US_ASCII));
            inbox.cache(2, "body", big); // puts the first value's record beyond the checked tail
        }
        damage("ENVELOPE-OF-ONE");

        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactly(1L, 2L);
            assertThat(inbox.cached(1, "envelope")).isEmpty();
            assertThat(inbox.cached(UidSet.all(), "envelope")).isEmpty();
            assertThat(inbox.cached(2, "body")).hasValueSatisfying(v -> assertThat(v).isEqualTo(big));
            inbox.cache(1, "envelope", "AGAIN".getBytes(StandardCharsets.US_ASCII));
            assertThat(inbox.cached(1, "envelope")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.US_ASCII)).isEqualTo("AGAIN"));
        }
    }

    @Test
    void aDamagedCachedValueFarFromTheEndKeepsTheRecordsAfterIt() throws Exception {
        Path dir = Files.createDirectories(maildir());
        try (MailboxIndex index = MailboxIndex.open(dir, false)) {
            index.putCache(1, "envelope", "ENVELOPE-OF-ONE".getBytes(StandardCharsets.US_ASCII));
            index.putCache(2, "body", filled(MailboxIndex.TAIL_VERIFIED + 4096, 'b'));
            index.putCache(3, "envelope", "ENVELOPE-OF-THREE".getBytes(StandardCharsets.US_ASCII));
        }
        long size = Files.size(indexFile());
        damage("ENVELOPE-OF-ONE");
        try (MailboxIndex index = MailboxIndex.open(dir, false)) {
            assertThat(Files.size(indexFile())).as("nothing truncated").isEqualTo(size);
            assertThat(index.getCache(1, "envelope")).isNull();
            assertThat(index.getCache(3, "envelope")).asString(StandardCharsets.US_ASCII).isEqualTo("ENVELOPE-OF-THREE");
        }
    }

    @Test
    void aDamagedFinalCachedValueIsDroppedAtOpen() throws Exception {
        Path dir = Files.createDirectories(maildir());
        try (MailboxIndex index = MailboxIndex.open(dir, false)) {
            index.putCache(1, "envelope", "ENVELOPE-OF-ONE".getBytes(StandardCharsets.US_ASCII));
        }
        long before = Files.size(indexFile());
        try (MailboxIndex index = MailboxIndex.open(dir, false)) {
            index.putCache(2, "envelope", "ENVELOPE-TORN".getBytes(StandardCharsets.US_ASCII));
        }
        damage("ENVELOPE-TORN"); // the last record: framed right, its checksum wrong, as a torn write leaves it
        try (MailboxIndex index = MailboxIndex.open(dir, false)) {
            assertThat(Files.size(indexFile())).as("the torn record is cut off").isEqualTo(before);
            assertThat(index.getCache(2, "envelope")).isNull();
            assertThat(index.getCache(1, "envelope")).asString(StandardCharsets.US_ASCII).isEqualTo("ENVELOPE-OF-ONE");
        }
    }

    @Test
    void aCutShortFinalCachedValueIsDroppedAtOpen() throws Exception {
        Path dir = Files.createDirectories(maildir());
        try (MailboxIndex index = MailboxIndex.open(dir, false)) {
            index.putCache(1, "body", filled(MailboxIndex.TAIL_VERIFIED + 4096, 'b'));
        }
        long before = Files.size(indexFile());
        try (MailboxIndex index = MailboxIndex.open(dir, false)) {
            index.putCache(2, "body", filled(MailboxIndex.TAIL_VERIFIED + 4096, 'c'));
        }
        try (RandomAccessFile f = new RandomAccessFile(indexFile().toFile(), "rw")) {
            f.setLength(f.length() - 3);
        }
        try (MailboxIndex index = MailboxIndex.open(dir, false)) {
            assertThat(Files.size(indexFile())).isEqualTo(before);
            assertThat(index.getCache(2, "body")).isNull();
            assertThat(index.getCache(1, "body")).hasSize(MailboxIndex.TAIL_VERIFIED + 4096);
        }
    }
}
