package org.colombier.server.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's MIME structure, parsed once from its bytes: the tree of {@link MimePart}s with where
 * each header and body lies, the Content-* fields and the envelope of every message in it. Never
 * fails on bad mail: what cannot be parsed stays opaque bytes.
 */
public final class MessageStructure {
    private final MimePart root;
    private final long size;

    private MessageStructure(MimePart root, long size) {
        this.root = root;
        this.size = size;
    }

    /** Parses a message read whole from {@code in} (not closed). */
    public static MessageStructure parse(InputStream in) throws IOException {
        return parse(in.readAllBytes(), MimeLimits.DEFAULT);
    }

    public static MessageStructure parse(byte[] message) {
        return parse(message, MimeLimits.DEFAULT);
    }

    public static MessageStructure parse(byte[] message, MimeLimits limits) {
        return new MessageStructure(new MimeParser(message, limits).parseMessage(0, message.length, 0), message.length);
    }

    /**
     * A compact form to cache (e.g. as {@code "imap.mime.parts"}): with it a later FETCH of a
     * section streams a slice of the stored message without reading and parsing all of it.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(size);
            write(out, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #toBytes()} wrote; null when {@code cached} is not in that form (another
     * version wrote it, or it is damaged): parse the message again then.
     */
    public static MessageStructure fromBytes(byte[] cached) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(cached))) {
            if (in.readByte() != FORMAT) {
                return null;
            }
            long size = in.readLong();
            MimePart root = read(in, true, 0);
            return in.read() < 0 && inside(root, 0, size) ? new MessageStructure(root, size) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static final byte FORMAT = 1;
    /** Far above what the parser builds ({@link MimeLimits#maxDepth()}): only damaged data gets there. */
    private static final int MAX_CACHED_DEPTH = 1000;

    private static void write(DataOutputStream out, MimePart p) throws IOException {
        out.writeByte(p.kind().ordinal());
        out.writeLong(p.headerOffset());
        out.writeLong(p.headerSize());
        out.writeInt(p.header().fields().size());
        for (HeaderField f : p.header().fields()) {
            out.writeLong(f.offset());
            writeString(out, f.name());
            writeString(out, f.raw());
        }
        out.writeLong(p.bodyOffset());
        out.writeLong(p.bodySize());
        out.writeLong(p.bodyVirtualSize());
        out.writeLong(p.bodyLines());
        out.writeInt(p.children().size());
        for (MimePart c : p.children()) {
            write(out, c);
        }
        if (p.kind() == MimePart.Kind.MESSAGE) {
            write(out, p.message());
        }
    }

    private static MimePart read(DataInputStream in, boolean messageRoot, int depth) throws IOException {
        if (depth > MAX_CACHED_DEPTH) {
            throw new IOException("cached MIME structure nested too deep");
        }
        MimePart.Kind kind = MimePart.Kind.values()[in.readByte()];
        long headerOffset = in.readLong();
        long headerSize = in.readLong();
        int n = in.readInt();
        List<HeaderField> fields = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            long offset = in.readLong();
            fields.add(new HeaderField(readString(in), readString(in), offset));
        }
        Header header = new Header(headerOffset, headerSize, fields);
        long bodyOffset = in.readLong();
        long bodySize = in.readLong();
        long virtualSize = in.readLong();
        long lines = in.readLong();
        int c = in.readInt();
        List<MimePart> children = new ArrayList<>(Math.min(c, 1024));
        for (int i = 0; i < c; i++) {
            children.add(read(in, false, depth + 1));
        }
        MimePart message = kind == MimePart.Kind.MESSAGE ? read(in, true, depth + 1) : null;
        return new MimePart(header, bodyOffset, bodySize, virtualSize, lines, kind,
                ContentFields.of(header, messageRoot), children, message, messageRoot ? Envelope.of(header) : null);
    }

    /** Whether the part's ranges lie within {@code [lo, hi]}: a damaged cache must not point outside. */
    private static boolean inside(MimePart p, long lo, long hi) {
        long bodyEnd = p.bodyOffset() + p.bodySize();
        if (p.headerOffset() < lo || p.headerSize() < 0 || p.headerOffset() + p.headerSize() != p.bodyOffset()
                || p.bodySize() < 0 || bodyEnd > hi) {
            return false;
        }
        for (MimePart c : p.children()) {
            if (!inside(c, p.bodyOffset(), bodyEnd)) {
                return false;
            }
        }
        return p.message() == null || inside(p.message(), p.bodyOffset(), bodyEnd);
    }

    private static void writeString(DataOutputStream out, String byteString) throws IOException {
        out.writeInt(byteString.length());
        out.write(MimeText.bytes(byteString));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = in.readNBytes(in.readInt());
        return MimeText.latin1(b, 0, b.length);
    }

    /** The message itself: its header, body and, when multipart, its parts. */
    public MimePart root() {
        return root;
    }

    public Envelope envelope() {
        return root.envelope();
    }

    /** The message's size in bytes. */
    public long size() {
        return size;
    }

    /**
     * The part an IMAP part path names ({@code [1, 2]} for {@code 1.2}), or null when there is none.
     * An empty path is the message. Part 1 of a message that is not multipart is its body; a number
     * after a message/rfc822 part indexes into the enclosed message.
     */
    public MimePart part(List<Integer> path) {
        MimePart part = root;
        for (int i = 0; i < path.size(); i++) {
            MimePart container = part;
            if (i > 0) {
                if (part.kind() == MimePart.Kind.MESSAGE) {
                    container = part.message();
                } else if (part.kind() != MimePart.Kind.MULTIPART) {
                    return null;
                }
            }
            int n = path.get(i);
            if (container.kind() == MimePart.Kind.MULTIPART) {
                if (n < 1 || n > container.children().size()) {
                    return null;
                }
                part = container.children().get(n - 1);
            } else if (n == 1) {
                part = container;
            } else {
                return null;
            }
        }
        return part;
    }
}
