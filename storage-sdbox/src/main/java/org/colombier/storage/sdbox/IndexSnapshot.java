package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Dovecot's {@code dovecot.index} (formats §2.7): the 120-byte base header, the extension
 * headers ("keywords", "dbox-hdr", "modseq") and the message records, read into an
 * {@link IndexState}, with the log position the snapshot is current up to.
 */
final class IndexSnapshot {
    static final String FILE = "dovecot.index";

    /** Where replay continues: log file {@code logFileSeq} from {@code logOffset}. */
    record Loaded(IndexState state, long logFileSeq, int logOffset, long indexId) {
    }

    private IndexSnapshot() {
    }

    /** The snapshot in {@code dir}, or null when Dovecot has not written one. */
    static Loaded read(Path dir) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 120 || b.get(0) != 7 || (b.get(12) & 1) == 0) {
            throw new IOException("unsupported dovecot.index (version " + b.get(0) + ", compat " + b.get(12) + ") in " + dir);
        }
        int baseSize = b.getShort(2) & 0xffff;
        int headerSize = b.getInt(4);
        int recordSize = b.getInt(8);
        IndexState s = new IndexState();
        s.uidValidity = IndexState.u32(b, 24);
        s.nextUid = IndexState.u32(b, 28);
        long count = IndexState.u32(b, 32);
        s.firstRecentUid = IndexState.u32(b, 48);
        long logSeq = IndexState.u32(b, 60);
        int headOffset = b.getInt(68);
        long indexId = IndexState.u32(b, 16);
        if (headerSize < baseSize || recordSize < 8 || (long) headerSize + count * recordSize > bytes.length) {
            throw new IOException("corrupt dovecot.index in " + dir);
        }

        int keywordsOffset = -1;
        int modseqOffset = -1;
        int keywordsSize = 0;
        for (int p = align8(baseSize); p + 16 <= headerSize; ) {
            int hdrSize = b.getInt(p);
            int recOffset = b.getShort(p + 8) & 0xffff;
            int recSize = b.getShort(p + 10) & 0xffff;
            int nameSize = b.getShort(p + 14) & 0xffff;
            String name = new String(bytes, p + 16, nameSize, StandardCharsets.UTF_8);
            int data = p + align8(16 + nameSize);
            s.extensions.add(name);
            switch (name) {
                case "keywords" -> {
                    keywordsOffset = recOffset;
                    keywordsSize = recSize;
                    readKeywordNames(b, data, hdrSize, s);
                }
                case "modseq" -> modseqOffset = recOffset;
                case IndexState.DBOX_HDR -> s.applyDboxHeader(b, data, 0, Math.min(hdrSize, 24));
                default -> {
                }
            }
            p = data + align8(hdrSize);
        }
        for (long i = 0; i < count; i++) {
            int r = (int) (headerSize + i * recordSize);
            long uid = IndexState.u32(b, r);
            long modSeq = modseqOffset >= 0 ? b.getLong(r + modseqOffset) : 0; // 0: unknown, set to the snapshot's modseq
            IndexState.Message m = new IndexState.Message(b.get(r + 4) & 0xff, modSeq);
            for (int k = 0; k < keywordsSize * 8 && keywordsOffset >= 0; k++) {
                if ((b.get(r + keywordsOffset + k / 8) & (1 << (k % 8))) != 0) {
                    m.keywords.set(k);
                }
            }
            s.put(uid, m);
        }
        return new Loaded(s, logSeq, headOffset, indexId);
    }

    /** {@code u32 count, count x {u32 unused, u32 name_offset}, NUL-terminated names}. */
    private static void readKeywordNames(ByteBuffer b, int data, int size, IndexState s) {
        int count = b.getInt(data);
        int names = data + 4 + count * 8;
        for (int i = 0; i < count; i++) {
            int start = names + b.getInt(data + 4 + i * 8 + 4);
            int end = start;
            while (end < data + size && b.get(end) != 0) {
                end++;
            }
            byte[] name = new byte[end - start];
            b.get(start, name);
            s.keyword(new String(name, StandardCharsets.UTF_8));
        }
    }

    static int align8(int n) {
        return (n + 7) & ~7;
    }
}
