package org.colombier.storage.sdbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A mailbox as Dovecot's index sees it: the {@code dovecot.index} snapshot with the transaction
 * log replayed on top (formats §2.7, §2.8). Modseqs are derived while replaying, as Dovecot does
 * ({@code mail_transaction_update_modseq}): each append, flag, keyword or external expunge record
 * takes the next value, starting from the log file's {@code initial_modseq}.
 */
final class IndexState {
    static final int EXTERNAL = 0x10000000;
    static final int TYPE_MASK = 0x0fffffff;
    static final int EXPUNGE_PROT = 0xcd90;
    static final int EXPUNGE = 0x1;
    static final int APPEND = 0x2;
    static final int FLAG_UPDATE = 0x4;
    static final int HEADER_UPDATE = 0x20;
    static final int EXT_INTRO = 0x40;
    static final int EXT_HDR_UPDATE = 0x100;
    static final int EXT_HDR_UPDATE32 = 0x10000;
    static final int KEYWORD_UPDATE = 0x400;
    static final int KEYWORD_RESET = 0x800;
    static final int EXPUNGE_GUID = 0x2000;
    static final int MODSEQ_UPDATE = 0x8000;
    static final int BOUNDARY = 0x80000;

    static final String DBOX_HDR = "dbox-hdr";

    /** One message record: its index flag byte, keyword bits (indexes into {@link #keywords}) and modseq. */
    static final class Message {
        int flags;
        BitSet keywords = new BitSet();
        long modSeq;

        Message(int flags, long modSeq) {
            this.flags = flags;
            this.modSeq = modSeq;
        }
    }

    long uidValidity;
    long nextUid = 1;
    long firstRecentUid = 1;
    byte[] mailboxGuid;
    long modSeq;
    /** Below this modseq, expunges are not known one by one (they happened before the snapshot). */
    long historyFloor;
    final List<String> keywords = new ArrayList<>();
    private final Map<String, Integer> keywordIndex = new HashMap<>();
    final TreeMap<Long, Message> messages = new TreeMap<>();
    /** UIDs by their message's modseq, so that changesSince() reads only what changed. */
    private final TreeMap<Long, TreeSet<Long>> byModSeq = new TreeMap<>();
    /** UIDs expunged, by the modseq of their expunge. */
    final TreeMap<Long, TreeSet<Long>> expunged = new TreeMap<>();
    /** Extension names by id, in the order the index and the log introduced them. */
    final List<String> extensions = new ArrayList<>();
    private String currentExt;

    /**
     * Gives messages of a snapshot without the "modseq" extension (Dovecot tracks per-message
     * modseqs only once a client enabled CONDSTORE) the snapshot's modseq, so that
     * changesSince() of an older modseq reports them.
     */
    void assignSnapshotModSeqs() {
        for (Message m : messages.values()) {
            if (m.modSeq == 0 || m.modSeq > modSeq) {
                m.modSeq = modSeq;
            }
        }
        byModSeq.clear();
        messages.forEach((uid, m) -> byModSeq.computeIfAbsent(m.modSeq, x -> new TreeSet<>()).add(uid));
    }

    void put(long uid, Message m) {
        messages.put(uid, m);
        byModSeq.computeIfAbsent(m.modSeq, x -> new TreeSet<>()).add(uid);
    }

    /** The UIDs of messages changed (appended, flags or keywords) after {@code since}, ascending. */
    TreeSet<Long> changedAfter(long since) {
        TreeSet<Long> out = new TreeSet<>();
        byModSeq.tailMap(since, false).values().forEach(out::addAll);
        return out;
    }

    private void touch(long uid, Message m, long seq) {
        if (m.modSeq == seq) {
            return;
        }
        unindex(uid, m);
        m.modSeq = seq;
        byModSeq.computeIfAbsent(seq, x -> new TreeSet<>()).add(uid);
    }

    private void unindex(long uid, Message m) {
        TreeSet<Long> set = byModSeq.get(m.modSeq);
        if (set != null) {
            set.remove(uid);
            if (set.isEmpty()) {
                byModSeq.remove(m.modSeq);
            }
        }
    }

    String guidHex() {
        return mailboxGuid == null ? null : HexFormat.of().formatHex(mailboxGuid);
    }

    int keyword(String name) {
        Integer i = keywordIndex.get(name.toLowerCase(Locale.ROOT));
        if (i == null) {
            i = keywords.size();
            keywords.add(name);
            keywordIndex.put(name.toLowerCase(Locale.ROOT), i);
        }
        return i;
    }

    /**
     * Applies the records of {@code log} from {@code offset} up to the last complete transaction.
     * Returns the offset after the last record applied.
     */
    int replay(ByteBuffer log, int offset) {
        ByteBuffer b = log.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int pos = offset;
        int limit = b.limit();
        while (pos + 8 <= limit) {
            int size = decodeSize(b, pos);
            if (size < 8 || pos + size > limit) {
                break; // unfinished record at the end: a writer is still appending
            }
            int type = b.getInt(pos + 4);
            if ((type & TYPE_MASK) == BOUNDARY && pos + b.getInt(pos + 8) > limit) {
                break; // the transaction this boundary announces is not complete yet
            }
            apply(b, pos + 8, pos + size, type);
            pos += size;
        }
        return pos;
    }

    /** The record kind without the EXTERNAL/SYNC bits and, for expunges, without the protection bits. */
    static int kind(int type) {
        int t = type & TYPE_MASK;
        int bare = t & ~EXPUNGE_PROT;
        if ((t & EXPUNGE_PROT) == EXPUNGE_PROT && (bare == EXPUNGE || bare == EXPUNGE_GUID)) {
            return bare;
        }
        return t;
    }

    /** The record size word: value/4 in four 7-bit groups, high bit set, most significant first. */
    static int decodeSize(ByteBuffer b, int pos) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 7) | (b.get(pos + i) & 0x7f);
        }
        return v << 2;
    }

    static void encodeSize(ByteBuffer b, int size) {
        int v = size >>> 2;
        b.put((byte) (0x80 | ((v >>> 21) & 0x7f)));
        b.put((byte) (0x80 | ((v >>> 14) & 0x7f)));
        b.put((byte) (0x80 | ((v >>> 7) & 0x7f)));
        b.put((byte) (0x80 | (v & 0x7f)));
    }

    private void apply(ByteBuffer b, int start, int end, int type) {
        boolean external = (type & EXTERNAL) != 0;
        int kind = kind(type);
        switch (kind) {
            case APPEND -> {
                modSeq++;
                for (int p = start; p + 8 <= end; p += 8) {
                    long uid = u32(b, p);
                    if (uid >= nextUid) {
                        put(uid, new Message(b.get(p + 4) & 0xff, modSeq));
                        nextUid = uid + 1;
                    }
                }
            }
            case FLAG_UPDATE -> {
                boolean bump = false;
                for (int p = start; p + 12 <= end; p += 12) {
                    int add = b.get(p + 8) & 0xff;
                    int remove = b.get(p + 9) & 0xff;
                    // the DIRTY/backend bits alone are internal and take no modseq
                    bump |= ((add | remove) & 0x3f) != 0 || b.get(p + 10) != 0;
                }
                if (bump) {
                    modSeq++;
                }
                for (int p = start; p + 12 <= end; p += 12) {
                    int add = b.get(p + 8) & 0xff;
                    int remove = b.get(p + 9) & 0xff;
                    for (Map.Entry<Long, Message> e : messages.subMap(u32(b, p), true, u32(b, p + 4), true).entrySet()) {
                        Message m = e.getValue();
                        m.flags = (m.flags & ~remove) | add;
                        if (bump) {
                            touch(e.getKey(), m, modSeq);
                        }
                    }
                }
            }
            case KEYWORD_UPDATE -> {
                modSeq++;
                boolean remove = b.get(start) != 0;
                int nameSize = b.getShort(start + 2) & 0xffff;
                byte[] name = new byte[nameSize];
                b.get(start + 4, name);
                int k = keyword(new String(name, StandardCharsets.UTF_8));
                for (int p = start + 4 + pad4(nameSize); p + 8 <= end; p += 8) {
                    for (Map.Entry<Long, Message> e : messages.subMap(u32(b, p), true, u32(b, p + 4), true).entrySet()) {
                        e.getValue().keywords.set(k, !remove);
                        touch(e.getKey(), e.getValue(), modSeq);
                    }
                }
            }
            case KEYWORD_RESET -> {
                modSeq++;
                for (int p = start; p + 8 <= end; p += 8) {
                    for (Map.Entry<Long, Message> e : messages.subMap(u32(b, p), true, u32(b, p + 4), true).entrySet()) {
                        e.getValue().keywords.clear();
                        touch(e.getKey(), e.getValue(), modSeq);
                    }
                }
            }
            case EXPUNGE, EXPUNGE_GUID -> {
                if (!external) {
                    return; // only a request; the backend's external record does the expunge
                }
                modSeq++;
                int step = kind == EXPUNGE ? 8 : 20;
                for (int p = start; p + step <= end; p += step) {
                    long low = u32(b, p);
                    long high = kind == EXPUNGE ? u32(b, p + 4) : low;
                    var range = messages.subMap(low, true, high, true);
                    range.forEach((uid, m) -> {
                        expunged.computeIfAbsent(modSeq, x -> new TreeSet<>()).add(uid);
                        unindex(uid, m);
                    });
                    range.clear();
                }
            }
            case MODSEQ_UPDATE -> {
                for (int p = start; p + 12 <= end; p += 12) {
                    long value = u32(b, p + 4) | (u32(b, p + 8) << 32);
                    modSeq = Math.max(modSeq, value);
                    Message m = messages.get(u32(b, p));
                    if (m != null && value > m.modSeq) {
                        touch(u32(b, p), m, value);
                    }
                }
            }
            case HEADER_UPDATE -> {
                for (int p = start; p + 4 <= end; ) {
                    int off = b.getShort(p) & 0xffff;
                    int size = b.getShort(p + 2) & 0xffff;
                    applyHeader(b, p + 4, off, size);
                    p += 4 + pad4(size);
                }
            }
            case EXT_INTRO -> {
                long id = u32(b, start);
                int nameSize = b.getShort(start + 18) & 0xffff;
                if (nameSize > 0) {
                    byte[] name = new byte[nameSize];
                    b.get(start + 20, name);
                    currentExt = new String(name, StandardCharsets.UTF_8);
                    if (!extensions.contains(currentExt)) {
                        extensions.add(currentExt);
                    }
                } else {
                    currentExt = id < extensions.size() ? extensions.get((int) id) : null;
                }
            }
            case EXT_HDR_UPDATE, EXT_HDR_UPDATE32 -> {
                if (!DBOX_HDR.equals(currentExt)) {
                    return;
                }
                boolean wide = kind == EXT_HDR_UPDATE32;
                for (int p = start; p + (wide ? 8 : 4) <= end; ) {
                    int off = wide ? b.getInt(p) : b.getShort(p) & 0xffff;
                    int size = wide ? b.getInt(p + 4) : b.getShort(p + 2) & 0xffff;
                    int data = p + (wide ? 8 : 4);
                    applyDboxHeader(b, data, off, size);
                    p = data + pad4(size);
                }
            }
            default -> {
                // EXT_RESET, EXT_REC_UPDATE (cache offsets, vsize), EXT_ATOMIC_INC, INDEX_(UN)DELETED,
                // ATTRIBUTE_UPDATE, BOUNDARY: no mailbox state we serve
            }
        }
    }

    private void applyHeader(ByteBuffer b, int data, int off, int size) {
        for (int i = 0; i + 4 <= size; i += 4) {
            long v = u32(b, data + i);
            switch (off + i) {
                case 24 -> uidValidity = v;
                case 28 -> nextUid = Math.max(nextUid, v);
                case 48 -> firstRecentUid = v;
                default -> {
                }
            }
        }
    }

    /** Bytes 4..19 of the 24-byte "dbox-hdr" extension header are the mailbox GUID. */
    void applyDboxHeader(ByteBuffer b, int data, int off, int size) {
        if (mailboxGuid == null) {
            mailboxGuid = new byte[16];
        }
        for (int i = 0; i < size; i++) {
            int at = off + i - 4;
            if (at >= 0 && at < 16) {
                mailboxGuid[at] = b.get(data + i);
            }
        }
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }

    static long u32(ByteBuffer b, int pos) {
        return b.getInt(pos) & 0xFFFF_FFFFL;
    }
}
