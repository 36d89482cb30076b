package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.support.Durability;

/**
 * A mailbox's {@code dovecot.index.log} (+ {@code .log.2}), read incrementally and written under
 * Dovecot's own lock: a POSIX (fcntl) write lock on the log, which Java's {@link FileLock} is on
 * Linux. POSIX locks belong to the process and die with any close of the file, so a JVM keeps one
 * instance per mailbox directory (see {@link SdboxStore}) and reads the log only through it.
 */
final class TransactionLog implements AutoCloseable {
    static final String FILE = "dovecot.index.log";
    static final String ROTATED = FILE + ".2";
    static final int HEADER_SIZE = 40;

    /** The fields of a log file header that replay needs. */
    record Header(int size, long indexId, long fileSeq, long prevFileSeq, long initialModSeq) {
        static Header of(ByteBuffer b) throws IOException {
            if (b.limit() < 24 || b.get(0) != 1) {
                throw new IOException("unsupported dovecot.index.log version " + (b.limit() > 0 ? b.get(0) : -1));
            }
            int size = b.getShort(2) & 0xffff;
            long initial = size >= 40 ? b.getLong(24) : 0;
            return new Header(size, IndexState.u32(b, 4), IndexState.u32(b, 8), IndexState.u32(b, 12), initial);
        }
    }

    private final Path dir;
    private final Durability durability;
    private final long lockTimeoutMillis;
    private FileChannel channel;
    private Object inode;
    private Header header;
    private int offset;
    private FileLock lock;

    private TransactionLog(Path dir, Durability durability, long lockTimeoutMillis) {
        this.dir = dir;
        this.durability = durability;
        this.lockTimeoutMillis = lockTimeoutMillis;
    }

    /** Opens the log of {@code dir} and rebuilds the mailbox state from the snapshot and the logs. */
    static TransactionLog open(Path dir, Durability durability, long lockTimeoutMillis) throws IOException {
        TransactionLog log = new TransactionLog(dir, durability, lockTimeoutMillis);
        log.openChannel();
        return log;
    }

    /**
     * Writes a fresh log for a new mailbox (offline writer, formats §2.10): header with file_seq 1
     * and no predecessor, then the mailbox GUID, UIDVALIDITY and next UID. Fails with
     * {@link FileAlreadyExistsException} when another process created the log first.
     */
    static void create(Path dir, byte[] mailboxGuid, long uidValidity, Durability durability) throws IOException {
        long now = System.currentTimeMillis() / 1000;
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 1).put((byte) 3).putShort((short) HEADER_SIZE).putInt((int) now).putInt(1).putInt(0).putInt(0)
                .putInt((int) now).putLong(1).put((byte) 1);
        byte[] tx = new Transaction(true).dboxHeader(mailboxGuid).header(24, uidValidity).header(28, 1).bytes();
        byte[] all = new byte[HEADER_SIZE + tx.length];
        System.arraycopy(h.array(), 0, all, 0, HEADER_SIZE);
        System.arraycopy(tx, 0, all, HEADER_SIZE, tx.length);
        Path tmp = dir.resolve(".temp." + FILE + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
        try {
            durability.write(tmp, all);
            Files.createLink(dir.resolve(FILE), tmp); // link(2) never replaces a log someone else made
            durability.syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
        // a stale snapshot or older log would not match the new indexid (formats §2.10)
        for (String stale : new String[] {IndexSnapshot.FILE, ROTATED, "dovecot.index.cache", "dovecot.index.backup"}) {
            Files.deleteIfExists(dir.resolve(stale));
        }
    }

    /** The whole state as Dovecot would build it now. */
    IndexState load() throws IOException {
        IndexSnapshot.Loaded snap = IndexSnapshot.read(dir);
        ByteBuffer current = readFrom(channel, 0);
        Header rotated = null;
        ByteBuffer old = null;
        try (FileChannel ch = FileChannel.open(dir.resolve(ROTATED), StandardOpenOption.READ)) {
            old = readFrom(ch, 0);
            rotated = Header.of(old);
            if (rotated.fileSeq() != header.prevFileSeq() || header.prevFileSeq() == 0) {
                rotated = null; // not the predecessor of the current log
            }
        } catch (NoSuchFileException e) {
            // no rotated log
        }
        IndexState s;
        if (snap != null && snap.indexId() == header.indexId() && snap.logFileSeq() == header.fileSeq()) {
            s = snap.state();
            s.modSeq = modSeqAt(current, header, snap.logOffset());
            s.historyFloor = s.modSeq;
            s.assignSnapshotModSeqs();
            offset = s.replay(current, snap.logOffset());
            return s;
        }
        if (snap != null && rotated != null && snap.indexId() == header.indexId() && snap.logFileSeq() == rotated.fileSeq()) {
            s = snap.state();
            s.modSeq = modSeqAt(old, rotated, snap.logOffset());
            s.historyFloor = s.modSeq;
            s.assignSnapshotModSeqs();
            s.replay(old, snap.logOffset());
        } else {
            // no snapshot at a position we have: replay whole logs, on top of a snapshot of this index if
            // there is one (Dovecot would rebuild here; re-applied records are harmless: appends below
            // next_uid are ignored, flag and keyword changes set absolute bits)
            boolean onSnapshot = snap != null && snap.indexId() == header.indexId();
            s = onSnapshot ? snap.state() : new IndexState();
            Header first = rotated != null && (onSnapshot || rotated.prevFileSeq() == 0) ? rotated : header;
            s.modSeq = Math.max(1, first.initialModSeq());
            s.historyFloor = first.prevFileSeq() == 0 && !onSnapshot ? 0 : s.modSeq;
            if (onSnapshot) {
                s.assignSnapshotModSeqs();
            }
            if (first == rotated) {
                s.replay(old, rotated.size());
            }
        }
        s.modSeq = Math.max(s.modSeq, header.initialModSeq());
        offset = s.replay(current, header.size());
        return s;
    }

    /**
     * Applies what other writers appended since the last call. Returns false when the log was
     * replaced in a way that needs a full {@link #load()} (rotated twice, or reset).
     */
    boolean refresh(IndexState s) throws IOException {
        if (sameFile()) {
            offset = s.replay(readFrom(channel, offset), 0) + offset;
            return true;
        }
        // rotated: finish the old file (now .log.2) through the descriptor we hold, then go on in the new one
        offset = s.replay(readFrom(channel, offset), 0) + offset;
        long oldSeq = header.fileSeq();
        channel.close();
        openChannel();
        if (header.prevFileSeq() != oldSeq) {
            return false;
        }
        s.modSeq = Math.max(s.modSeq, header.initialModSeq());
        offset = s.replay(readFrom(channel, 0), header.size());
        return true;
    }

    /**
     * Takes Dovecot's index lock (fcntl on the current log), waiting up to the lock timeout, and
     * catches {@code s} up. False, without the lock, when the log was replaced in a way that needs
     * a full {@link #load()} first.
     */
    boolean lock(IndexState s) throws IOException, StoreException {
        long deadline = System.currentTimeMillis() + lockTimeoutMillis;
        while (true) {
            FileLock l = channel.tryLock();
            if (l != null) {
                if (sameFile()) {
                    lock = l;
                    refresh(s); // the locked file is the current log: no rotation can happen now
                    return true;
                }
                l.release();
                if (!refresh(s)) {
                    return false;
                }
                continue;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new StoreException(StoreError.IN_USE, "Mailbox index " + dir.resolve(FILE) + " is locked by another process");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreError.TEMPORARY, "Interrupted while waiting for the index lock");
            }
        }
    }

    void unlock() throws IOException {
        if (lock != null) {
            lock.release();
            lock = null;
        }
    }

    /** Appends {@code tx} at the end of the locked log, syncs it, and applies it to {@code s}. */
    void write(Transaction tx, IndexState s) throws IOException {
        if (lock == null) {
            throw new IllegalStateException("log not locked");
        }
        ByteBuffer b = ByteBuffer.wrap(tx.bytes());
        long at = channel.size();
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
        durability.syncFile(channel);
        refresh(s);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a read descriptor loses nothing
        }
    }

    private void openChannel() throws IOException {
        Path path = dir.resolve(FILE);
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        inode = Files.getAttribute(path, "unix:ino");
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(h, 0);
        h.flip();
        header = Header.of(h);
        offset = header.size();
    }

    private boolean sameFile() throws IOException {
        try {
            return inode.equals(Files.getAttribute(dir.resolve(FILE), "unix:ino"));
        } catch (NoSuchFileException e) {
            return true; // being replaced right now; the new file is picked up next time
        }
    }

    /** The modseq at {@code at} in a log: its initial modseq advanced by the records before. */
    private static long modSeqAt(ByteBuffer log, Header h, int at) {
        IndexState counter = new IndexState();
        counter.modSeq = Math.max(1, h.initialModSeq());
        ByteBuffer upTo = log.duplicate();
        upTo.limit(Math.min(at, log.limit()));
        counter.replay(upTo, h.size());
        return counter.modSeq;
    }

    private static ByteBuffer readFrom(FileChannel ch, long from) throws IOException {
        long size = ch.size();
        ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, size - from)).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, from + b.position()) < 0) {
                break;
            }
        }
        b.flip();
        return b;
    }
}
