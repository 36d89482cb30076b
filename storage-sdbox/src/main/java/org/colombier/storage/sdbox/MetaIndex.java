package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Our own per-mailbox cache, {@code colombier.index} in {@code dbox-Mails/}: what a FETCH of
 * sizes and dates needs without opening {@code u.<uid>} files (Dovecot keeps this in
 * {@code dovecot.index.cache}, which we never write), and the values the server caches
 * (envelope, bodystructure). An append-only file of CRC32C-checked records
 * {@code [u32 length][u32 crc][u8 type][payload]}; it is never synced because everything in it
 * can be recomputed from the message files: a torn tail is cut off at open.
 */
final class MetaIndex implements AutoCloseable {
    static final String FILE = "colombier.index";
    private static final byte META = 1;
    private static final byte CACHE = 2;

    /** What the message file says of its message. */
    record Meta(long size, long virtualSize, Instant received, String guid, String pop3Uidl) {
    }

    private record Blob(long offset, int length) {
    }

    private final FileChannel appender;
    private final FileChannel reader;
    private final Map<Long, Meta> metas = new HashMap<>();
    private final Map<Long, Map<String, Blob>> cached = new HashMap<>();

    MetaIndex(Path dir) throws IOException {
        // O_APPEND: another JVM serving the same mailbox may append too; each record is one write
        appender = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        reader = FileChannel.open(dir.resolve(FILE), StandardOpenOption.READ);
        load();
    }

    Meta meta(long uid) {
        return metas.get(uid);
    }

    void putMeta(long uid, Meta m) throws IOException {
        byte[] guid = bytes(m.guid());
        byte[] uidl = bytes(m.pop3Uidl());
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 8 + 8 + 4 + guid.length + 4 + uidl.length);
        b.putInt((int) uid).putLong(m.size()).putLong(m.virtualSize()).putLong(m.received().getEpochSecond())
                .putInt(m.guid() == null ? -1 : guid.length).put(guid).putInt(m.pop3Uidl() == null ? -1 : uidl.length).put(uidl);
        write(META, b.array());
        metas.put(uid, m);
    }

    byte[] cached(long uid, String field) throws IOException {
        Map<String, Blob> m = cached.get(uid);
        Blob blob = m == null ? null : m.get(field);
        if (blob == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(blob.length());
        while (b.hasRemaining() && reader.read(b, blob.offset() + b.position()) > 0) {
            // positional reads until the blob is in
        }
        return b.array();
    }

    void cache(long uid, String field, byte[] value) throws IOException {
        byte[] name = field.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + name.length + value.length);
        b.putInt((int) uid).putInt(name.length).put(name).put(value);
        long at = write(CACHE, b.array());
        cached.computeIfAbsent(uid, u -> new HashMap<>()).put(field, new Blob(at + 9 + 8 + name.length, value.length));
    }

    /** Forgets expunged messages' entries (their records stay until the file is deleted). */
    void forget(long uid) {
        metas.remove(uid);
        cached.remove(uid);
    }

    /** Forgets everything; entries are recomputed from the message files as they are needed. */
    void reset() throws IOException {
        appender.truncate(0);
        metas.clear();
        cached.clear();
    }

    @Override
    public void close() {
        try {
            appender.close();
            reader.close();
        } catch (IOException e) {
            // a cache file: nothing to lose
        }
    }

    private long write(byte type, byte[] payload) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(payload);
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.putInt(payload.length).putInt((int) crc.getValue()).put(type).put(payload).flip();
        while (b.hasRemaining()) {
            appender.write(b);
        }
        return appender.position() - b.limit();
    }

    private void load() throws IOException {
        long size = reader.size();
        ByteBuffer all = ByteBuffer.allocate((int) size);
        while (all.hasRemaining() && reader.read(all, all.position()) > 0) {
            // read the whole file: it holds metadata only, blobs are read later by offset
        }
        all.flip();
        int pos = 0;
        while (pos + 9 <= all.limit()) {
            int len = all.getInt(pos);
            if (len < 0 || pos + 9 + len > all.limit()) {
                break;
            }
            byte type = all.get(pos + 8);
            CRC32C crc = new CRC32C();
            crc.update(type);
            crc.update(all.array(), pos + 9, len);
            if ((int) crc.getValue() != all.getInt(pos + 4)) {
                break;
            }
            ByteBuffer p = ByteBuffer.wrap(all.array(), pos + 9, len).slice();
            long uid = p.getInt() & 0xFFFF_FFFFL;
            if (type == META) {
                long sz = p.getLong();
                long vsize = p.getLong();
                Instant received = Instant.ofEpochSecond(p.getLong());
                metas.put(uid, new Meta(sz, vsize, received, string(p), string(p)));
            } else if (type == CACHE) {
                int nameLen = p.getInt();
                String field = new String(all.array(), pos + 9 + 8, nameLen, StandardCharsets.UTF_8);
                cached.computeIfAbsent(uid, u -> new HashMap<>())
                        .put(field, new Blob(pos + 9 + 8 + nameLen, len - 8 - nameLen));
            }
            pos += 9 + len;
        }
        if (pos < size) {
            appender.truncate(pos); // a torn tail
        }
    }

    private static String string(ByteBuffer p) {
        int len = p.getInt();
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        p.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
