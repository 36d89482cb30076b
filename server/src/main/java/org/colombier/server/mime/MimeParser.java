package org.colombier.server.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Builds the {@link MimePart} tree of a message held in memory, in one pass of mime4j's token
 * stream per message level. mime4j gives the fields' raw bytes and each body's content; this class
 * follows along in the raw bytes to learn where each header and body lies (mime4j reports no
 * offsets): it only resynchronises on the lines mime4j consumed silently (boundary lines, header
 * garbage), it does not tokenize MIME itself.
 */
final class MimeParser {
    /** Lenient and unbounded: the message is already in memory, and bad mail must still parse. */
    private static final MimeConfig CONFIG = MimeConfig.copy(MimeConfig.PERMISSIVE).setMaxContentLen(-1).build();

    private final byte[] buf;
    private final MimeLimits limits;
    private int partCount;

    private static final class Frame {
        final long headerOffset;
        final int depth;
        final boolean digestChild;
        final boolean messageRoot;
        final List<HeaderField> fields = new ArrayList<>();
        final List<MimePart> children = new ArrayList<>();
        Header header;
        ContentFields content;
        long bodyOffset;
        long bodyEnd = -1;
        String boundary;
        boolean digest;
        boolean closed;

        Frame(long headerOffset, int depth, boolean digestChild, boolean messageRoot) {
            this.headerOffset = headerOffset;
            this.depth = depth;
            this.digestChild = digestChild;
            this.messageRoot = messageRoot;
        }
    }

    MimeParser(byte[] buf, MimeLimits limits) {
        this.buf = buf;
        this.limits = limits;
    }

    /** The message in {@code buf[start, end)}, at nesting {@code depth}. */
    MimePart parseMessage(int start, int end, int depth) {
        partCount++;
        MimeTokenStream ts = new MimeTokenStream(CONFIG);
        ts.setRecursionMode(RecursionMode.M_NO_RECURSE);
        ts.parse(new ByteArrayInputStream(buf, start, end - start));
        Deque<Frame> stack = new ArrayDeque<>();
        int[] pos = {start};
        try {
            for (EntityState state = ts.getState(); state != EntityState.T_END_OF_STREAM; state = ts.next()) {
                switch (state) {
                    case T_START_MESSAGE -> stack.push(new Frame(pos[0], depth, false, true));
                    case T_START_BODYPART -> {
                        Frame parent = stack.peek();
                        skipDelimiter(parent.boundary, pos, end);
                        stack.push(new Frame(pos[0], parent.depth + 1, parent.digest, false));
                    }
                    case T_FIELD -> field(stack.peek(), ts.getField().getRaw().toByteArray(), pos, end);
                    case T_END_HEADER -> {
                        Frame f = stack.peek();
                        skipToBodyStart(stack, pos, end);
                        f.header = new Header(f.headerOffset, pos[0] - f.headerOffset, f.fields);
                        f.content = ContentFields.of(f.header, f.messageRoot);
                        f.bodyOffset = pos[0];
                    }
                    case T_START_MULTIPART -> {
                        Frame f = stack.peek();
                        f.boundary = ts.getBodyDescriptor().getBoundary();
                        f.digest = "multipart/digest".equals(ts.getBodyDescriptor().getMimeType());
                    }
                    case T_PREAMBLE -> pos[0] = advance(ts.getInputStream(), pos[0], end);
                    case T_BODY -> {
                        pos[0] = advance(ts.getInputStream(), pos[0], end);
                        stack.peek().bodyEnd = pos[0];
                    }
                    case T_EPILOGUE -> {
                        Frame f = stack.peek();
                        skipDelimiter(f.boundary, pos, end);
                        f.closed = true;
                        pos[0] = advance(ts.getInputStream(), pos[0], end);
                    }
                    case T_END_MULTIPART -> {
                        Frame f = stack.peek();
                        if (!f.closed && delimiterAt(f.boundary, pos[0], end) >= 0) {
                            skipDelimiter(f.boundary, pos, end);
                        }
                        f.bodyEnd = pos[0];
                    }
                    case T_END_BODYPART -> {
                        Frame f = stack.pop();
                        Frame parent = stack.peek();
                        MimePart part = build(f, f.bodyEnd < 0 ? pos[0] : f.bodyEnd);
                        if (parent.depth < limits.maxDepth() && partCount < limits.maxParts()) {
                            partCount++;
                            parent.children.add(part);
                        }
                    }
                    case T_END_MESSAGE -> {
                        Frame f = stack.pop();
                        return build(f, end);
                    }
                    default -> {
                        // T_START_HEADER, T_RAW_ENTITY: nothing to record
                    }
                }
            }
        } catch (IOException | MimeException | RuntimeException e) {
            // mime4j gave up on this input: keep what is known as one opaque part
        }
        return opaque(start, end);
    }

    private MimePart opaque(int start, int end) {
        Header header = new Header(start, 0, List.of());
        return new MimePart(header, start, end - start, virtualSize(start, end), lines(start, end),
                MimePart.Kind.TEXT, ContentFields.of(header, true), List.of(), null, Envelope.of(header));
    }

    private MimePart build(Frame f, long bodyEnd) {
        if (f.header == null) {
            f.header = new Header(f.headerOffset, bodyEnd - f.headerOffset, f.fields);
            f.content = ContentFields.of(f.header, f.messageRoot);
            f.bodyOffset = bodyEnd;
        }
        int bs = (int) f.bodyOffset;
        int be = (int) Math.max(bodyEnd, f.bodyOffset);
        ContentFields c = f.content;
        MimePart.Kind kind;
        MimePart message = null;
        if (f.boundary != null) {
            kind = MimePart.Kind.MULTIPART;
        } else if ((c.isType("message", "rfc822") || (c.type() == null && f.digestChild))
                && f.depth < limits.maxDepth() && partCount < limits.maxParts()) {
            // parsed as it is stored even when base64/QP-encoded, as Dovecot does: the answer keeps
            // the envelope and body that IMAP's grammar requires of a message/rfc822 part
            kind = MimePart.Kind.MESSAGE;
            message = parseMessage(bs, be, f.depth + 1);
        } else if (c.type() == null || c.type().equalsIgnoreCase("text")) {
            kind = MimePart.Kind.TEXT;
        } else {
            kind = MimePart.Kind.BASIC;
        }
        return new MimePart(f.header, bs, be - bs, virtualSize(bs, be), lines(bs, be), kind, c, f.children,
                message, f.messageRoot ? Envelope.of(f.header) : null);
    }

    private void field(Frame f, byte[] raw, int[] pos, int end) {
        int at = fieldStart(raw, pos[0], end);
        if (at < 0) {
            return;
        }
        int p = at + raw.length;
        if (p < end && buf[p] == '\r' && p + 1 < end && buf[p + 1] == '\n') {
            p += 2;
        } else if (p < end && buf[p] == '\n') {
            p++;
        }
        if (f.fields.size() < limits.maxHeaderFields()) {
            String name = fieldName(raw);
            f.fields.add(new HeaderField(name, MimeText.latin1(buf, at, p - at), at));
        }
        pos[0] = p;
    }

    /**
     * Where mime4j's field starts: at {@code p}, or at a later line when mime4j skipped lines that
     * were not fields; never past the blank line ending the header. -1 when not found.
     */
    private int fieldStart(byte[] raw, int p, int end) {
        while (p < end) {
            if (matches(raw, p, end)) {
                return p;
            }
            if (buf[p] == '\n' || (buf[p] == '\r' && p + 1 < end && buf[p + 1] == '\n')) {
                return -1;
            }
            p = lineEnd(p, end);
        }
        return -1;
    }

    private static String fieldName(byte[] raw) {
        int i = 0;
        while (i < raw.length && raw[i] != ':') {
            i++;
        }
        return MimeText.trimWhitespace(MimeText.latin1(raw, 0, i));
    }

    /** Past lines mime4j skipped as not being fields, then past the blank line ending the header. */
    private void skipToBodyStart(Deque<Frame> stack, int[] pos, int end) {
        int p = pos[0];
        while (p < end && buf[p] != '\n' && !(buf[p] == '\r' && p + 1 < end && buf[p + 1] == '\n')) {
            for (Frame f : stack) {
                if (f.boundary != null && startsWith(p, end, "--" + f.boundary)) {
                    pos[0] = p;
                    return;
                }
            }
            p = lineEnd(p, end);
        }
        if (p < end) {
            p += buf[p] == '\n' ? 1 : 2;
        }
        pos[0] = p;
    }

    /** Where a delimiter line ([CR]LF--boundary) starts at {@code p}: p, or -1 when none is there. */
    private int delimiterAt(String boundary, int p, int end) {
        int q = p;
        if (q < end && buf[q] == '\r' && q + 1 < end && buf[q + 1] == '\n') {
            q += 2;
        } else if (q < end && buf[q] == '\n') {
            q++;
        }
        return startsWith(q, end, "--" + boundary) ? q : -1;
    }

    private void skipDelimiter(String boundary, int[] pos, int end) {
        if (boundary == null) {
            return;
        }
        int q = delimiterAt(boundary, pos[0], end);
        if (q < 0) {
            q = indexOf(MimeText.bytes("--" + boundary), pos[0], end);
            if (q < 0) {
                return;
            }
        }
        pos[0] = lineEnd(q, end);
    }

    private int lineEnd(int p, int end) {
        while (p < end && buf[p] != '\n') {
            p++;
        }
        return p < end ? p + 1 : end;
    }

    private boolean startsWith(int p, int end, String s) {
        if (end - p < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[p + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(byte[] raw, int p, int end) {
        if (end - p < raw.length) {
            return false;
        }
        for (int i = 0; i < raw.length; i++) {
            if (buf[p + i] != raw[i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte[] s, int from, int end) {
        if (s.length == 0) {
            return from;
        }
        for (int p = from; p + s.length <= end; p++) {
            if (buf[p] == s[0] && matches(s, p, end)) {
                return p;
            }
        }
        return -1;
    }

    private static int advance(InputStream content, int pos, int end) throws IOException {
        long n = content.transferTo(OutputStream.nullOutputStream());
        return (int) Math.min(end, pos + n);
    }

    private long lines(int start, int end) {
        long n = 0;
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private long virtualSize(int start, int end) {
        long n = end - start;
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n' && (i == start || buf[i - 1] != '\r')) {
                n++;
            }
        }
        return n;
    }
}
