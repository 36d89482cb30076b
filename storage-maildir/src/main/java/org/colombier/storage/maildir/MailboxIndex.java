package org.colombier.storage.maildir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.support.Durability;

/**
 * The driver's own index of one mailbox, {@code colombier.index} in the mailbox directory: an
 * append-only log of checksummed records (message state, expunge tombstone, cached value, mailbox
 * state) replayed into memory on open and rewritten compactly when it has grown.
 *
 * <p>It is a cache: the Maildir files and {@code dovecot-uidlist} stay the truth. Records are
 * written after the mail files they describe are durable, and each batch ends with the
 * directories' {@link Stamp}; after a crash a torn tail fails its checksum, the last good stamp no
 * longer matches the directories, and the mailbox is resynced from disk. Deleting the file loses
 * only modseq history and cached values.
 *
 * <p>One writer per file: the first state to open it holds an exclusive lock on it (an idle
 * state of another store of this JVM hands it over, see {@link #yieldWith}). Another
 * process (or another store in this JVM) on the same mailbox keeps its index in memory only,
 * rebuilt from the Maildir, with its own modseqs and no cached values.
 */
final class MailboxIndex implements AutoCloseable {
    /** Index files a state of this JVM writes; POSIX locks can't tell two channels of one process apart. */
    private static final Map<Path, MailboxIndex> WRITING = new ConcurrentHashMap<>();
    static final String FILE = "colombier.index";
    /** Version 2 adds the uidlist's header facts to the mailbox state record. */
    static final byte[] MAGIC = "CLMBIDX2".getBytes(StandardCharsets.US_ASCII);
    /** Version 1: read, and rewritten as version 2 by the first flush. */
    static final byte[] MAGIC_V1 = "CLMBIDX1".getBytes(StandardCharsets.US_ASCII);
    private static final byte MESSAGE = 1;
    private static final byte EXPUNGE = 2;
    private static final byte CACHE = 3;
    /** Version 1's mailbox state, without the uidlist facts. */
    private static final byte STATE_V1 = 4;
    private static final byte STATE = 5;
    private static final int MIN_COMPACT_RECORDS = 10_000;
    /**
     * Records starting this close to the end are checksummed at open whatever their type, as is
     * always the last one: that is where a crash tears the log. Further back, a cached value's
     * checksum is checked only when it is read.
     */
    static final int TAIL_VERIFIED = 1 << 20;
    /** A cached value's record body must fit the low bits of its packed position. */
    private static final int CACHE_LEN_BITS = 24;
    private static final System.Logger LOG = System.getLogger(MailboxIndex.class.getName());

    private final Path file;
    private final boolean sync;
    /** Null when another writer owns the file: then nothing is written. */
    private FileChannel channel;
    /** The identity of the file {@link #channel} writes, to tell that nobody deleted or replaced it. */
    private Object fileKey;
    /** Closes this index's state if no session uses it, so another store of this JVM can write the file. */
    private volatile BooleanSupplier yieldIfIdle;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long recordsWritten;
    /** Set when the log's earlier records no longer apply (new UIDVALIDITY): the next flush rewrites the file. */
    private boolean rewriteOnFlush;

    final TreeMap<Long, IndexedMessage> messages = new TreeMap<>();
    /** Live messages by their modseq (each change takes a fresh modseq, so keys are unique). */
    final TreeMap<Long, Long> byModSeq = new TreeMap<>();
    /** Expunged UIDs by the modseq of their expunge, kept for changesSince and QRESYNC. */
    final TreeMap<Long, Long> tombstones = new TreeMap<>();
    final Set<Long> expungedUids = new HashSet<>();
    /**
     * Cached values by field, then UID: where the record is, packed as its start offset (high
     * bits) and body length (low {@value #CACHE_LEN_BITS} bits), so 100,000 messages with three
     * values each cost about 20 MB, not a map per message. Only the writer keeps them.
     */
    private final Map<String, Map<Long, Long>> cache = new HashMap<>();
    /** Entries of {@link #cache}: live records, like messages and tombstones, when deciding to compact. */
    private long cachedValues;
    /** Live messages without {@code \Seen}, and the sum of their virtual sizes: STATUS without a walk. */
    long unseen;
    long totalVirtualSize;
    long uidValidity;
    long highestModSeq;
    long highestUid;
    long firstRecentUid = 1;
    Stamp stamp = Stamp.NONE;
    long stampRecordedAt;
    /**
     * What {@code dovecot-uidlist} said when {@link #stamp} was recorded (its effective next UID,
     * its record count, stale ones included, and the mailbox GUID), so an open whose stamp still
     * matches need not parse it. A null GUID means unknown (or a file to be rewritten): read the file.
     */
    long uidListNextUid = 1;
    long uidListRecords;
    String mailboxGuid;

    private MailboxIndex(Path file, boolean sync) {
        this.file = file;
        this.sync = sync;
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** What another store of this JVM calls to take the file over; true when this index was closed. */
    void yieldWith(BooleanSupplier closeIfIdle) {
        yieldIfIdle = closeIfIdle;
    }

    /** This index writes its file (it holds its lock); one that only read another writer's file does not. */
    boolean writes() {
        return channel != null && channel.isOpen();
    }

    /**
     * The file on disk is still ours as we left it: same identity and size. False when someone
     * deleted, replaced or changed it (a force-resync by hand): then the file must be read again.
     */
    boolean unchangedOnDisk() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return writes() && Objects.equals(a.fileKey(), fileKey) && a.size() == channel.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens (or creates) the index of {@code dir}, replaying every intact record. */
    static MailboxIndex open(Path dir, boolean sync) throws IOException {
        MailboxIndex index = new MailboxIndex(dir.resolve(FILE), sync);
        MailboxIndex writer = WRITING.putIfAbsent(index.file, index);
        if (writer != null) {
            // an idle state of another store of this JVM gives the file up; one in use keeps it
            BooleanSupplier yield = writer.yieldIfIdle;
            if (yield == null || !yield.getAsBoolean() || WRITING.putIfAbsent(index.file, index) != null) {
                return index;
            }
        }
        FileChannel ch = FileChannel.open(index.file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (ch.tryLock() == null) {
            // another process writes it: read what it wrote, write nothing (its lock stays, it is not ours to drop)
            WRITING.remove(index.file, index);
            index.replay(ch);
            ch.close();
            return index;
        }
        index.channel = ch;
        long validEnd = index.replay(ch);
        if (validEnd < MAGIC.length) {
            index.channel.truncate(0);
            index.channel.write(ByteBuffer.wrap(MAGIC), 0);
            validEnd = MAGIC.length;
        } else if (index.channel.size() > validEnd) {
            index.channel.truncate(validEnd); // drop a torn tail so new records follow intact ones
        }
        index.channel.position(validEnd);
        index.fileKey = fileKey(index.file);
        return index;
    }

    /**
     * Replays the log; returns where the intact records end. Message, tombstone and state records
     * are checksummed; a cached value's record far from the end is only framed (its header read,
     * its value skipped unread), so an index holding 80 MB of cached values opens at the cost of
     * its metadata. Its checksum is checked when the value is read ({@link #getCache}).
     */
    private long replay(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < MAGIC.length || size > Integer.MAX_VALUE) {
            return 0;
        }
        ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        byte[] magic = new byte[MAGIC.length];
        buf.get(magic);
        if (Arrays.equals(magic, MAGIC_V1)) {
            rewriteOnFlush = true; // upgraded by the first flush
        } else if (!Arrays.equals(magic, MAGIC)) {
            return 0;
        }
        CRC32C crc = new CRC32C();
        long verifyFrom = size - TAIL_VERIFIED;
        while (buf.remaining() >= 8) {
            int start = buf.position();
            int len = buf.getInt();
            if (len < 1 || len > buf.remaining() - 4) {
                return start;
            }
            int end = start + 4 + len + 4;
            boolean framedOnly = buf.get(start + 4) == CACHE && start < verifyFrom && end < size
                    && (channel == null || indexCache(buf, start, len));
            if (!framedOnly) {
                ByteBuffer body = buf.slice(start + 4, len);
                crc.reset();
                crc.update(body.duplicate());
                if ((int) crc.getValue() != buf.getInt(start + 4 + len)) {
                    return start;
                }
                apply(body, buf, start, len);
            }
            buf.position(end);
            recordsWritten++;
        }
        return buf.position();
    }

    /**
     * Notes where the cached value in the record at {@code start} is, from its header alone; false
     * when the header does not fit its frame (then the record's checksum decides).
     */
    private boolean indexCache(ByteBuffer buf, int start, int len) {
        int body = start + 4;
        if (len < 17 || len >= 1 << CACHE_LEN_BITS) {
            return false;
        }
        long uid = buf.getLong(body + 1);
        int fieldLen = buf.getInt(body + 9);
        if (fieldLen < 0 || fieldLen > len - 17 || buf.getInt(body + 13 + fieldLen) != len - 17 - fieldLen) {
            return false;
        }
        byte[] field = new byte[fieldLen];
        buf.get(body + 13, field);
        cacheAt(uid, new String(field, StandardCharsets.UTF_8), start, len);
        return true;
    }

    private void cacheAt(long uid, String field, long recordStart, int bodyLen) {
        if (cache.computeIfAbsent(field, f -> new HashMap<>()).put(uid, recordStart << CACHE_LEN_BITS | bodyLen) == null) {
            cachedValues++;
        }
    }

    private void apply(ByteBuffer r, ByteBuffer log, int recordStart, int len) {
        byte type = r.get();
        switch (type) {
            case MESSAGE -> {
                IndexedMessage m = new IndexedMessage(r.getLong(), r.getLong(), r.get() != 0, getString(r), r.getLong(),
                        r.getLong(), r.getLong(), getFlags(r), getNullable(r), getNullable(r));
                put(m);
            }
            case EXPUNGE -> removeMessage(r.getLong(), r.getLong());
            case CACHE -> {
                if (channel != null) {
                    indexCache(log, recordStart, len);
                }
            }
            case STATE, STATE_V1 -> {
                uidValidity = r.getLong();
                highestModSeq = Math.max(highestModSeq, r.getLong());
                highestUid = Math.max(highestUid, r.getLong());
                firstRecentUid = r.getLong();
                stamp = new Stamp(r.getLong(), r.getLong(), getString(r), r.getLong(), r.getLong());
                stampRecordedAt = r.getLong();
                if (type == STATE) {
                    uidListNextUid = r.getLong();
                    uidListRecords = r.getLong();
                    mailboxGuid = getNullable(r);
                } else {
                    mailboxGuid = null;
                }
            }
            default -> {
                // a record type from a newer version: skip it
            }
        }
    }

    private void put(IndexedMessage m) {
        IndexedMessage old = messages.put(m.uid(), m);
        if (old != null) {
            byModSeq.remove(old.modSeq());
            count(old, -1);
        }
        count(m, 1);
        byModSeq.put(m.modSeq(), m.uid());
        highestModSeq = Math.max(highestModSeq, m.modSeq());
        highestUid = Math.max(highestUid, m.uid());
    }

    private void count(IndexedMessage m, int sign) {
        if (!m.flags().has(SystemFlag.SEEN)) {
            unseen += sign;
        }
        totalVirtualSize += sign * m.virtualSize();
    }

    private void removeMessage(long uid, long modSeq) {
        IndexedMessage old = messages.remove(uid);
        if (old != null) {
            byModSeq.remove(old.modSeq());
            count(old, -1);
        }
        for (Map<Long, Long> byUid : cache.values()) {
            if (byUid.remove(uid) != null) {
                cachedValues--;
            }
        }
        tombstones.put(modSeq, uid);
        expungedUids.add(uid);
        highestModSeq = Math.max(highestModSeq, modSeq);
    }

    private void clearMessages() {
        messages.clear();
        byModSeq.clear();
        unseen = 0;
        totalVirtualSize = 0;
        tombstones.clear();
        expungedUids.clear();
        cache.clear();
        cachedValues = 0;
        highestUid = 0;
        firstRecentUid = 1;
    }

    /** Forgets every message: the uidlist got a new UIDVALIDITY, so all UIDs are void. */
    void reset(long newUidValidity) {
        clearMessages();
        pending.reset();
        uidValidity = newUidValidity;
        rewriteOnFlush = true;
    }

    long nextModSeq() {
        return ++highestModSeq;
    }

    /** Records a new or changed message. */
    void store(IndexedMessage m) {
        put(m);
        record(MESSAGE, out -> writeMessage(out, m));
    }

    void expunge(long uid) {
        long modSeq = nextModSeq();
        removeMessage(uid, modSeq);
        record(EXPUNGE, out -> {
            out.writeLong(uid);
            out.writeLong(modSeq);
        });
    }

    /** UIDs expunged after {@code modSeq}. */
    NavigableMap<Long, Long> expungedSince(long modSeq) {
        return tombstones.tailMap(modSeq, false);
    }

    /** Keeps a cached value; an index that is not the writer drops it (it is only a cache). */
    void putCache(long uid, String field, byte[] value) throws IOException {
        byte[] body = cacheBody(uid, field, value);
        if (channel == null || body.length >= 1 << CACHE_LEN_BITS) {
            return; // a value of 16 MB or more is not worth caching
        }
        flush();
        long recordStart = channel.position();
        writeRecord(pending, body);
        flushPending();
        cacheAt(uid, field, recordStart, body.length);
        recordsWritten++;
    }

    private static byte[] cacheBody(long uid, String field, byte[] value) throws IOException {
        return body(CACHE, o -> {
            o.writeLong(uid);
            writeString(o, field);
            o.writeInt(value.length);
            o.write(value);
        });
    }

    /**
     * The cached value, its record's checksum checked now (open did not): a damaged one is a miss,
     * forgotten, and the caller computes the value again.
     */
    byte[] getCache(long uid, String field) throws IOException {
        Map<Long, Long> byUid = cache.get(field);
        Long at = byUid == null ? null : byUid.get(uid);
        if (at == null || channel == null) {
            return null;
        }
        long recordStart = at >>> CACHE_LEN_BITS;
        int len = (int) (at & ((1 << CACHE_LEN_BITS) - 1));
        ByteBuffer buf = ByteBuffer.allocate(len + 8);
        while (buf.hasRemaining()) {
            if (channel.read(buf, recordStart + buf.position()) < 0) {
                throw new IOException("index truncated under us: " + file);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 4, len);
        int fieldLen = buf.getInt(13);
        if (buf.getInt(0) != len || (int) crc.getValue() != buf.getInt(4 + len) || fieldLen < 0 || fieldLen > len - 17) {
            LOG.log(System.Logger.Level.DEBUG, "damaged cached value {0} of UID {1} at {2} in {3}: treated as a miss",
                    field, uid, recordStart, file);
            byUid.remove(uid);
            cachedValues--;
            return null;
        }
        int valueAt = 4 + 13 + fieldLen + 4;
        return Arrays.copyOfRange(buf.array(), valueAt, valueAt + buf.getInt(valueAt - 4));
    }

    /** Writes what was recorded since the last flush, followed by the mailbox state and {@code now}'s stamp. */
    void flush(Stamp now) throws IOException {
        if (channel == null) {
            stamp = now;
            stampRecordedAt = System.currentTimeMillis();
            pending.reset();
            return;
        }
        stamp = now;
        stampRecordedAt = System.currentTimeMillis();
        record(STATE, this::writeState);
        // cached values count as live records, or a log of mostly cached values would be rewritten at every flush
        if (rewriteOnFlush || recordsWritten > Math.max(MIN_COMPACT_RECORDS, 3L * (messages.size() + tombstones.size() + cachedValues))) {
            pending.reset();
            compact();
            rewriteOnFlush = false;
        } else {
            flush();
        }
    }

    private void flush() throws IOException {
        flushPending();
    }

    private void flushPending() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(pending.toByteArray());
        pending.reset();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Rewrites the log with one record per live message, tombstone and cached value. */
    private void compact() throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Map<String, Map<Long, Long>> moved = new HashMap<>();
        long movedValues = 0;
        FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            out.lock(); // the new file is ours before anyone can see it
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            buf.write(MAGIC);
            long written = 0;
            for (IndexedMessage m : messages.values()) {
                writeRecord(buf, body(MESSAGE, o -> writeMessage(o, m)));
            }
            for (Map.Entry<Long, Long> t : tombstones.entrySet()) {
                writeRecord(buf, body(EXPUNGE, o -> {
                    o.writeLong(t.getValue());
                    o.writeLong(t.getKey());
                }));
            }
            for (Map.Entry<String, Map<Long, Long>> f : cache.entrySet()) {
                for (Long uid : new ArrayList<>(f.getValue().keySet())) {
                    byte[] value = getCache(uid, f.getKey());
                    if (value == null) {
                        continue; // damaged: dropped
                    }
                    byte[] body = cacheBody(uid, f.getKey(), value);
                    long at = written + buf.size();
                    moved.computeIfAbsent(f.getKey(), k -> new HashMap<>()).put(uid, at << CACHE_LEN_BITS | body.length);
                    movedValues++;
                    writeRecord(buf, body);
                    if (buf.size() > 1 << 20) {
                        written += writeAll(out, buf);
                    }
                }
            }
            writeRecord(buf, body(STATE, this::writeState));
            writeAll(out, buf);
            if (sync) {
                out.force(false);
            }
            Durability.rename(tmp, file);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        channel.close();
        channel = out;
        fileKey = fileKey(file);
        cache.clear();
        cache.putAll(moved);
        cachedValues = movedValues;
        recordsWritten = messages.size() + tombstones.size() + movedValues + 1L;
    }

    private void writeState(DataOutputStream out) throws IOException {
        out.writeLong(uidValidity);
        out.writeLong(highestModSeq);
        out.writeLong(highestUid);
        out.writeLong(firstRecentUid);
        out.writeLong(stamp.newMtime());
        out.writeLong(stamp.curMtime());
        writeString(out, stamp.uidListKey());
        out.writeLong(stamp.uidListSize());
        out.writeLong(stamp.uidListMtime());
        out.writeLong(stampRecordedAt);
        out.writeLong(uidListNextUid);
        out.writeLong(uidListRecords);
        writeNullable(out, mailboxGuid);
    }

    private static long writeAll(FileChannel out, ByteArrayOutputStream buf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf.toByteArray());
        long n = b.remaining();
        while (b.hasRemaining()) {
            out.write(b);
        }
        buf.reset();
        return n;
    }

    @FunctionalInterface
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private void record(byte type, Body body) {
        try {
            writeRecord(pending, body(type, body));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        recordsWritten++;
    }

    private static byte[] body(byte type, Body body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(type);
        body.write(out);
        return b.toByteArray();
    }

    private static void writeRecord(ByteArrayOutputStream to, byte[] body) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(body);
        DataOutputStream out = new DataOutputStream(to);
        out.writeInt(body.length);
        out.write(body);
        out.writeInt((int) crc.getValue());
    }

    private static void writeMessage(DataOutputStream out, IndexedMessage m) throws IOException {
        out.writeLong(m.uid());
        out.writeLong(m.modSeq());
        out.writeByte(m.inCur() ? 1 : 0);
        writeString(out, m.fileName());
        out.writeLong(m.size());
        out.writeLong(m.virtualSize());
        out.writeLong(m.internalDateMillis());
        int bits = 0;
        for (SystemFlag f : m.flags().system()) {
            bits |= 1 << f.ordinal();
        }
        out.writeByte(bits);
        out.writeShort(m.flags().keywords().size());
        for (String k : m.flags().keywords()) {
            writeString(out, k);
        }
        writeNullable(out, m.guid());
        writeNullable(out, m.pop3Uidl());
    }

    private static Flags getFlags(ByteBuffer r) {
        int bits = r.get();
        int n = r.getShort();
        if (n == 0) {
            return SYSTEM_ONLY[bits & (SYSTEM_ONLY.length - 1)];
        }
        Set<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < n; i++) {
            keywords.add(getString(r));
        }
        return new Flags(SYSTEM_ONLY[bits & (SYSTEM_ONLY.length - 1)].system(), keywords);
    }

    /** Every combination of system flags without keywords, shared: most messages have one of these. */
    private static final Flags[] SYSTEM_ONLY = new Flags[1 << SystemFlag.values().length];

    static {
        for (int bits = 0; bits < SYSTEM_ONLY.length; bits++) {
            EnumSet<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
            for (SystemFlag f : SystemFlag.values()) {
                if ((bits & (1 << f.ordinal())) != 0) {
                    system.add(f);
                }
            }
            SYSTEM_ONLY[bits] = new Flags(system, Set.of());
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String getString(ByteBuffer r) {
        byte[] b = new byte[r.getInt()];
        r.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeByte(s == null ? 0 : 1);
        if (s != null) {
            writeString(out, s);
        }
    }

    private static String getNullable(ByteBuffer r) {
        return r.get() == 0 ? null : getString(r);
    }

    /** The live messages whose modseq is above {@code modSeq}, in UID order. */
    List<IndexedMessage> changedSince(long modSeq) {
        List<IndexedMessage> out = new ArrayList<>();
        for (long uid : byModSeq.tailMap(modSeq, false).values()) {
            out.add(messages.get(uid));
        }
        out.sort((a, b) -> Long.compare(a.uid(), b.uid()));
        return out;
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            flush();
            channel.close();
        } catch (IOException e) {
            // the index is a cache: a lost tail is resynced from the Maildir on the next open
        } finally {
            WRITING.remove(file, this);
        }
    }
}
