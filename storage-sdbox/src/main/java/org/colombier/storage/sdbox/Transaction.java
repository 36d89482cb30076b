package org.colombier.storage.sdbox;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One transaction for {@code dovecot.index.log}, framed by a BOUNDARY record so that readers
 * never apply half of it (formats §2.8). Records are built in Dovecot's shapes: little-endian
 * bodies padded to 4 bytes, the peculiar size word in front.
 */
final class Transaction {
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private final boolean external;

    /** {@code external}: the change has already happened (appends, expunges); user flag changes are not. */
    Transaction(boolean external) {
        this.external = external;
    }

    Transaction append(long uid, int flags) {
        ByteBuffer b = body(8);
        b.putInt((int) uid).put((byte) flags);
        return record(IndexState.APPEND | IndexState.EXTERNAL, b);
    }

    Transaction flags(long uid1, long uid2, int add, int remove) {
        ByteBuffer b = body(12);
        b.putInt((int) uid1).putInt((int) uid2).put((byte) add).put((byte) remove);
        return record(IndexState.FLAG_UPDATE, b);
    }

    /** KEYWORD_UPDATE by name for the UID ranges {@code ranges} ({@code [low, high]} pairs). */
    Transaction keyword(String name, boolean remove, List<long[]> ranges) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = body(4 + IndexState.pad4(n.length) + 8 * ranges.size());
        b.put((byte) (remove ? 1 : 0)).put((byte) 0).putShort((short) n.length).put(n);
        b.position(4 + IndexState.pad4(n.length));
        for (long[] r : ranges) {
            b.putInt((int) r[0]).putInt((int) r[1]);
        }
        return record(IndexState.KEYWORD_UPDATE, b);
    }

    Transaction expunge(long uid, byte[] guid128) {
        ByteBuffer b = body(20);
        b.putInt((int) uid).put(guid128);
        return record(IndexState.EXPUNGE_GUID | IndexState.EXPUNGE_PROT | IndexState.EXTERNAL, b);
    }

    /** HEADER_UPDATE of one u32 field of the base header (24 uid_validity, 28 next_uid, 48 first_recent_uid). */
    Transaction header(int offset, long value) {
        ByteBuffer b = body(8);
        b.putShort((short) offset).putShort((short) 4).putInt((int) value);
        return record(IndexState.HEADER_UPDATE | (external ? IndexState.EXTERNAL : 0), b);
    }

    /** Introduces "dbox-hdr" (24-byte header) and writes it: rebuild count 0 and the mailbox GUID. */
    Transaction dboxHeader(byte[] mailboxGuid) {
        byte[] name = IndexState.DBOX_HDR.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer intro = body(20 + IndexState.pad4(name.length));
        intro.putInt(-1).putInt(0).putInt(24).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                .putShort((short) name.length).put(name);
        record(IndexState.EXT_INTRO | IndexState.EXTERNAL, intro);
        ByteBuffer hdr = body(4 + 24);
        hdr.putShort((short) 0).putShort((short) 24).putInt(0).put(mailboxGuid);
        return record(IndexState.EXT_HDR_UPDATE | IndexState.EXTERNAL, hdr);
    }

    boolean isEmpty() {
        return records.size() == 0;
    }

    /** The BOUNDARY record followed by the records; the boundary's size covers all of it. */
    byte[] bytes() {
        byte[] body = records.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        IndexState.encodeSize(b, 12);
        b.putInt(IndexState.BOUNDARY | (external ? IndexState.EXTERNAL : 0)).putInt(12 + body.length).put(body);
        return b.array();
    }

    private static ByteBuffer body(int size) {
        return ByteBuffer.allocate(IndexState.pad4(size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private Transaction record(int type, ByteBuffer body) {
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        IndexState.encodeSize(h, 8 + body.capacity());
        h.putInt(type);
        records.writeBytes(h.array());
        records.writeBytes(body.array());
        return this;
    }
}
