package org.colombier.storage.sdbox;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.support.Durability;
import org.colombier.api.storage.support.MessageSizes;

/**
 * One sdbox message file {@code u.<uid>} in dbox version 2 (Dovecot {@code dbox-file.c},
 * {@code dbox-save.c}): the header line {@code "2 M1e C<hex ctime>\n"}, the 30-byte message header
 * (magic 01 02, {@code N}, eight spaces, 16 upper-case hex digits of body size, LF), the body, and
 * the metadata block {@code "\n\x01\x03\n"} + {@code <Key><value>\n} lines + an empty line.
 */
final class DboxFile {
    static final int MSG_HEADER_SIZE = 30;
    private static final byte[] MAGIC_POST = {'\n', 1, 3, '\n'};

    /**
     * What a file says of its message: where the body is, and the metadata.
     *
     * @param bodyOffset the offset of the first body byte
     * @param bodySize   the body size as stored
     * @param metadata   the metadata lines by key, in file order (unknown keys kept)
     */
    record Parsed(long bodyOffset, long bodySize, Map<Character, String> metadata) {
        long virtualSize() {
            String v = metadata.get('V');
            return v == null ? -1 : Long.parseLong(v, 16);
        }

        Instant received() {
            String r = metadata.get('R');
            return Instant.ofEpochSecond(r == null ? 0 : Long.parseLong(r, 16));
        }

        String guid() {
            return metadata.get('G');
        }

        String pop3Uidl() {
            return metadata.get('P');
        }
    }

    private DboxFile() {
    }

    /** The bytes before the body: file header line and message header. */
    static byte[] head(long bodySize, long createdSecs) {
        String line = "2 M" + Integer.toHexString(MSG_HEADER_SIZE) + " C" + Long.toHexString(createdSecs) + "\n";
        String size = String.format("%016X", bodySize);
        String msg = "\u0001\u0002N" + " " + " ".repeat(8) + " " + size + "\n";
        return (line + msg).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The metadata block in the key order Dovecot writes: R, V, P, G. */
    static byte[] metadata(Instant received, long virtualSize, String pop3Uidl, String guid) {
        StringBuilder sb = new StringBuilder();
        sb.append('R').append(Long.toHexString(received.getEpochSecond())).append('\n');
        sb.append('V').append(Long.toHexString(virtualSize)).append('\n');
        if (pop3Uidl != null) {
            sb.append('P').append(pop3Uidl).append('\n');
        }
        sb.append('G').append(guid).append('\n');
        sb.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC_POST);
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Writes a new file (O_EXCL) holding {@code content}, streamed, and syncs it; returns the
     * virtual size written into its metadata. The body is stored as given (CRLF from us), which
     * Dovecot reads as it reads its own LF bodies.
     */
    static long write(Path file, MessageSource content, Instant received, String guid, Durability durability) throws IOException {
        long size = content.size();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             InputStream in = content.open()) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 65536);
            out.write(head(size, received.getEpochSecond()));
            MessageSizes written = MessageSizes.copy(in, out);
            if (written.size() != size) {
                throw new IOException("message source gave " + written.size() + " bytes, announced " + size);
            }
            long vsize = written.virtualSize();
            out.write(metadata(received, vsize, null, guid));
            out.flush();
            durability.syncFile(ch);
            return vsize;
        }
    }

    /** Parses {@code file}; refuses what it cannot serve faithfully (compressed or external bodies). */
    static Parsed parse(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            ByteBuffer first = ByteBuffer.allocate((int) Math.min(length, 4096));
            readFully(ch, first, 0);
            byte[] head = first.array();
            int lf = indexOf(head, (byte) '\n', 0, first.limit());
            if (lf < 0 || (head[0] != '2' && head[0] != '1') || head[1] != ' ') {
                throw new IOException("not a dbox file: " + file);
            }
            int msgHeaderSize = 0;
            for (String field : new String(head, 2, lf - 2, StandardCharsets.ISO_8859_1).split(" ")) {
                if (field.startsWith("M")) {
                    msgHeaderSize = Integer.parseInt(field.substring(1), 16);
                }
            }
            int hdr = lf + 1;
            if (msgHeaderSize < MSG_HEADER_SIZE || hdr + msgHeaderSize > first.limit()
                    || head[hdr] != 1 || head[hdr + 1] != 2 || head[hdr + msgHeaderSize - 1] != '\n') {
                throw new IOException("corrupt dbox message header: " + file);
            }
            long size = Long.parseLong(new String(head, hdr + 13, 16, StandardCharsets.ISO_8859_1), 16);
            long bodyOffset = (long) hdr + msgHeaderSize;
            long metaOffset = bodyOffset + size;
            if (metaOffset + MAGIC_POST.length > length) {
                throw new IOException("truncated dbox file: " + file);
            }
            ByteBuffer meta = ByteBuffer.allocate((int) Math.min(length - metaOffset, 1 << 20));
            readFully(ch, meta, metaOffset);
            byte[] m = meta.array();
            for (int i = 0; i < MAGIC_POST.length; i++) {
                if (m[i] != MAGIC_POST[i]) {
                    throw new IOException("dbox metadata magic missing: " + file);
                }
            }
            Map<Character, String> metadata = new LinkedHashMap<>();
            int pos = MAGIC_POST.length;
            while (pos < meta.limit()) {
                int end = indexOf(m, (byte) '\n', pos, meta.limit());
                if (end < 0 || end == pos || m[pos] == ' ') {
                    break;
                }
                metadata.putIfAbsent((char) m[pos], new String(m, pos + 1, end - pos - 1, StandardCharsets.UTF_8));
                pos = end + 1;
            }
            if (metadata.containsKey('Z') || metadata.containsKey('X')) {
                throw new IOException("compressed or external-attachment dbox body is not supported: " + file);
            }
            return new Parsed(bodyOffset, size, metadata);
        }
    }

    /** Counts the body's size with every bare LF counted as CRLF (IMAP RFC822.SIZE). */
    static long virtualSize(InputStream body) throws IOException {
        return MessageSizes.copy(body, OutputStream.nullOutputStream()).virtualSize();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) {
                break;
            }
        }
        buf.flip();
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
