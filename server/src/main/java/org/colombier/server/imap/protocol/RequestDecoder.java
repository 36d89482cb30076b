package org.colombier.server.imap.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import org.colombier.server.imap.protocol.DecoderEvent.Rejected.Status;

/**
 * The IMAP request decoder: a resumable state machine fed arbitrary chunks of bytes. Each call to
 * {@link #next(ByteBuffer)} consumes input up to the end of one event and returns it, or consumes
 * everything and returns null when more input is needed; so a caller can stop between commands
 * (STARTTLS, IDLE) and leave the rest of the buffer unread.
 *
 * <p>The command text is framed into segments ending at a line end; a segment ending with a
 * literal announcement ({@code {n}}, {@code {n+}}, {@code ~{n}}) is followed by n literal bytes and
 * another segment of the same command. Limits are checked on announcement, before a literal byte is
 * read. On an error the command is answered and dropped, and decoding resumes at the next command;
 * nothing is buffered beyond the line length limit.
 *
 * <p>One decoder per connection; not thread-safe. Literals above the spool threshold are written to
 * a temporary file as they arrive (page-cache writes, no fsync: the data is transient).
 */
public final class RequestDecoder implements AutoCloseable {
    private static final int TAIL = 40;

    private enum State { COLLECT, LITERAL, DISCARD_LITERAL, DISCARD_LINE, CLOSED }

    /** A literal announced at the end of a segment; {@code start} is where it begins in the segment. */
    private record Announcement(long size, boolean sync, boolean binary, int start) {
    }

    private static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private final ImapLimits limits;
    private boolean utf8;
    private boolean lineMode;
    private State state = State.COLLECT;

    private byte[] seg = new byte[256];
    private int segLen;
    /** Command text read in earlier segments of the current command. */
    private int textLen;

    private final Deque<List<Token>> stack = new ArrayDeque<>();
    private String tag;
    private String command;
    private boolean needSeparator;
    private long literalTotal;

    private long literalRemaining;
    private boolean literalBinary;
    private byte[] literalMemory;
    private Path literalFile;
    private FileChannel literalChannel;
    private long literalSize;

    private long discardRemaining;
    /** Bytes of the line being thrown away, capped by maxDiscard. */
    private long discardedText;
    private final byte[] tail = new byte[TAIL];
    /** Reused for the content of quoted strings. */
    private byte[] scratch = new byte[64];
    private int tailLen;

    public RequestDecoder(ImapLimits limits) {
        this.limits = limits;
    }

    /** After {@code ENABLE UTF8=ACCEPT} quoted strings may carry UTF-8 (RFC 6855). */
    public void setUtf8(boolean utf8) {
        this.utf8 = utf8;
    }

    /**
     * Reads the next line raw, as a {@link DecoderEvent.Line}: the {@code DONE} ending IDLE or a
     * client's SASL response. Afterwards decoding returns to commands.
     */
    public void expectLine() {
        lineMode = true;
    }

    /** True when no part of a command has been read: nothing a client could have pipelined. */
    public boolean isBetweenCommands() {
        return state == State.COLLECT && segLen == 0 && stack.isEmpty();
    }

    /** Drops all partial input, e.g. plaintext pipelined after STARTTLS. */
    public void reset() {
        abandonCommand();
        segLen = 0;
        tailLen = 0;
        discardedText = 0;
        discardRemaining = 0;
        lineMode = false;
        if (state != State.CLOSED) {
            state = State.COLLECT;
        }
    }

    /**
     * Consumes bytes from {@code in} up to the end of the next event and returns it; returns null
     * once {@code in} is exhausted without completing one.
     */
    public DecoderEvent next(ByteBuffer in) {
        while (true) {
            switch (state) {
                case CLOSED -> {
                    in.position(in.limit());
                    return null;
                }
                case COLLECT -> {
                    if (!in.hasRemaining()) {
                        return null;
                    }
                    DecoderEvent e = collect(in);
                    if (e != null) {
                        return e;
                    }
                }
                case LITERAL -> {
                    if (!in.hasRemaining() && literalRemaining > 0) {
                        return null;
                    }
                    DecoderEvent e = readLiteral(in);
                    if (e != null) {
                        return e;
                    }
                }
                case DISCARD_LITERAL -> {
                    int n = (int) Math.min(discardRemaining, in.remaining());
                    in.position(in.position() + n);
                    discardRemaining -= n;
                    if (discardRemaining > 0) {
                        return null;
                    }
                    tailLen = 0;
                    state = State.DISCARD_LINE;
                }
                case DISCARD_LINE -> {
                    if (!in.hasRemaining()) {
                        return null;
                    }
                    DecoderEvent e = discardLine(in);
                    if (e != null) {
                        return e;
                    }
                }
            }
        }
    }

    private DecoderEvent collect(ByteBuffer in) {
        int start = in.position();
        int limit = in.limit();
        int lf = indexOfLf(in);
        int end = lf < 0 ? limit : lf;
        int n = end - start;
        if (textLen + segLen + n > limits.maxLineLength()) {
            int fits = Math.max(0, limits.maxLineLength() - textLen - segLen);
            ensureSegment(segLen + fits);
            in.get(seg, segLen, fits);
            segLen += fits;
            return lineTooLong();
        }
        ensureSegment(segLen + n);
        in.get(seg, segLen, n);
        segLen += n;
        if (lf < 0) {
            return null;
        }
        in.get();
        return endOfSegment();
    }

    private DecoderEvent lineTooLong() {
        if (lineMode) {
            state = State.CLOSED;
            abandonCommand();
            return new DecoderEvent.Fatal("Line too long");
        }
        String replyTag = tag != null ? tag : tagOf(seg, segLen);
        tailLen = Math.min(TAIL, segLen);
        System.arraycopy(seg, segLen - tailLen, tail, 0, tailLen);
        abandonCommand();
        segLen = 0;
        state = State.DISCARD_LINE;
        return new DecoderEvent.Rejected(replyTag, Status.BAD, null,
                "Command line too long (limit " + limits.maxLineLength() + " bytes)");
    }

    private void ensureSegment(int size) {
        if (size > seg.length) {
            byte[] bigger = new byte[Math.min(Math.max(size, seg.length * 2), limits.maxLineLength() + 1)];
            System.arraycopy(seg, 0, bigger, 0, segLen);
            seg = bigger;
        }
    }

    private DecoderEvent endOfSegment() {
        int len = segLen > 0 && seg[segLen - 1] == '\r' ? segLen - 1 : segLen;
        segLen = 0;
        if (lineMode) {
            lineMode = false;
            byte[] line = new byte[len];
            System.arraycopy(seg, 0, line, 0, len);
            return new DecoderEvent.Line(line);
        }
        if (len == 0 && stack.isEmpty()) {
            return null; // a stray empty line between commands is harmless
        }
        textLen += len;
        Announcement ann = announcement(seg, len);
        if (stack.isEmpty()) {
            stack.push(new ArrayList<>());
            needSeparator = false;
        }
        try {
            tokenize(seg, 0, ann == null ? len : ann.start());
        } catch (SyntaxError e) {
            return reject(Status.BAD, null, e.getMessage(), ann);
        }
        if (ann == null) {
            return finishCommand();
        }
        return startLiteral(ann);
    }

    private DecoderEvent finishCommand() {
        if (stack.size() > 1) {
            return reject(Status.BAD, null, "Unbalanced parentheses: missing ')'", null);
        }
        List<Token> all = stack.pop();
        if (command == null) {
            String t = tag;
            abandonCommand();
            Request.closeAll(all);
            return new DecoderEvent.Rejected(t, Status.BAD, null, t == null ? "Missing tag" : "Missing command");
        }
        Request request = new Request(tag, command, all.subList(2, all.size()));
        resetCommand();
        return new DecoderEvent.Received(request);
    }

    private DecoderEvent startLiteral(Announcement ann) {
        if (needSeparator) {
            return reject(Status.BAD, null, "Missing space before literal", ann);
        }
        if (command == null) {
            return reject(Status.BAD, null, tag == null ? "Missing tag" : "Missing command", ann);
        }
        boolean append = command.equals("APPEND");
        if (append ? ann.size() > limits.maxAppendSize() : ann.size() > limits.maxLiteralSize() - literalTotal) {
            return append
                    ? reject(Status.NO, ResponseCode.tooBig(), "Message too large (limit " + limits.maxAppendSize()
                            + " bytes)", ann)
                    : reject(Status.BAD, null, "Literal too large (limit " + limits.maxLiteralSize() + " bytes)", ann);
        }
        if (!append) {
            literalTotal += ann.size();
        }
        literalSize = ann.size();
        literalRemaining = ann.size();
        literalBinary = ann.binary();
        try {
            if (ann.size() <= limits.spoolThreshold()) {
                literalMemory = new byte[(int) ann.size()];
            } else {
                literalFile = limits.spoolDir() == null ? Files.createTempFile("imap-literal", ".tmp")
                        : Files.createTempFile(limits.spoolDir(), "imap-literal", ".tmp");
                literalChannel = FileChannel.open(literalFile, StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            deleteSpool();
            return reject(Status.NO, ResponseCode.serverBug(), "Cannot spool literal: " + e.getMessage(), ann);
        }
        state = State.LITERAL;
        return ann.sync() ? new DecoderEvent.LiteralContinuation(tag) : null;
    }

    private DecoderEvent readLiteral(ByteBuffer in) {
        int n = (int) Math.min(literalRemaining, in.remaining());
        if (literalMemory != null) {
            in.get(literalMemory, (int) (literalSize - literalRemaining), n);
        } else {
            ByteBuffer part = in.duplicate();
            part.limit(part.position() + n);
            try {
                while (part.hasRemaining()) {
                    literalChannel.write(part);
                }
            } catch (IOException e) {
                in.position(in.position() + n);
                discardRemaining = literalRemaining - n;
                deleteSpool();
                String t = tag;
                abandonCommand();
                state = State.DISCARD_LITERAL;
                return new DecoderEvent.Rejected(t, Status.NO, ResponseCode.serverBug(),
                        "Cannot spool literal: " + e.getMessage());
            }
            in.position(in.position() + n);
        }
        literalRemaining -= n;
        if (literalRemaining > 0) {
            return null;
        }
        Literal literal;
        if (literalMemory != null) {
            literal = Literal.inMemory(literalMemory, literalBinary);
            literalMemory = null;
        } else {
            try {
                literalChannel.close();
            } catch (IOException e) {
                deleteSpool();
                String t = tag;
                abandonCommand();
                tailLen = 0;
                state = State.DISCARD_LINE;
                return new DecoderEvent.Rejected(t, Status.NO, ResponseCode.serverBug(),
                        "Cannot spool literal: " + e.getMessage());
            }
            literal = Literal.spooled(literalFile, literalSize, literalBinary);
            literalChannel = null;
            literalFile = null;
        }
        stack.peek().add(new Token.LiteralToken(literal));
        needSeparator = true;
        state = State.COLLECT;
        return null;
    }

    /** The position of the next LF in {@code in}, or -1 when the line goes on past what arrived. */
    private static int indexOfLf(ByteBuffer in) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private DecoderEvent discardLine(ByteBuffer in) {
        int start = in.position();
        int limit = in.limit();
        int lf = indexOfLf(in);
        int end = lf < 0 ? limit : lf;
        int n = end - start;
        discardedText += n;
        if (discardedText > limits.maxDiscard()) {
            in.position(limit);
            state = State.CLOSED;
            return new DecoderEvent.Fatal("Line too long");
        }
        if (n >= TAIL) {
            in.position(end - TAIL);
            in.get(tail, 0, TAIL);
            tailLen = TAIL;
        } else {
            int keep = Math.min(tailLen, TAIL - n);
            System.arraycopy(tail, tailLen - keep, tail, 0, keep);
            in.get(tail, keep, n);
            tailLen = keep + n;
        }
        if (lf < 0) {
            return null;
        }
        in.get();
        discardedText = 0;
        int len = tailLen > 0 && tail[tailLen - 1] == '\r' ? tailLen - 1 : tailLen;
        Announcement ann = announcement(tail, len);
        tailLen = 0;
        if (ann == null || ann.sync()) {
            state = State.COLLECT;
            return null;
        }
        return discardNonSync(ann.size());
    }

    private DecoderEvent discardNonSync(long size) {
        if (size > limits.maxDiscard()) {
            state = State.CLOSED;
            return new DecoderEvent.Fatal("Non-synchronizing literal too large (" + size + " bytes)");
        }
        discardRemaining = size;
        state = State.DISCARD_LITERAL;
        return null;
    }

    /**
     * Refuses the current command. A refused non-synchronizing literal is on its way and is read and
     * dropped with the rest of its command; after a synchronizing one the client waits for our answer.
     */
    private DecoderEvent reject(Status status, ResponseCode code, String text, Announcement ann) {
        String t = tag;
        abandonCommand();
        state = State.COLLECT;
        if (ann != null && !ann.sync()) {
            DecoderEvent fatal = discardNonSync(ann.size());
            if (fatal != null) {
                return fatal;
            }
        }
        return new DecoderEvent.Rejected(t, status, code, text);
    }

    private void abandonCommand() {
        for (List<Token> l : stack) {
            Request.closeAll(l);
        }
        deleteSpool();
        literalMemory = null;
        resetCommand();
    }

    private void resetCommand() {
        stack.clear();
        tag = null;
        command = null;
        needSeparator = false;
        literalTotal = 0;
        textLen = 0;
    }

    private void deleteSpool() {
        if (literalChannel != null) {
            try {
                literalChannel.close();
            } catch (IOException e) {
                // the file is deleted next; a close failure changes nothing for the client
            }
            literalChannel = null;
        }
        if (literalFile != null) {
            try {
                Files.deleteIfExists(literalFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete literal spool " + literalFile, e);
            }
            literalFile = null;
        }
    }

    /** Releases a literal being read or spooled when the connection ends. */
    @Override
    public void close() {
        abandonCommand();
        state = State.CLOSED;
    }

    // ---- tokenizer over one segment of command text ----

    private void tokenize(byte[] b, int from, int to) throws SyntaxError {
        int i = from;
        while (i < to) {
            byte c = b[i];
            if (c == ' ') {
                if (!needSeparator) {
                    throw new SyntaxError(stack.size() == 1 && stack.peek().isEmpty()
                            ? "Missing tag" : "Unexpected space");
                }
                needSeparator = false;
                i++;
            } else if (c == ')') {
                if (stack.size() <= 1) {
                    throw new SyntaxError("Unbalanced parentheses: unexpected ')'");
                }
                List<Token> items = stack.pop();
                add(new Token.ListToken(items));
                i++;
            } else if (needSeparator) {
                throw new SyntaxError("Missing space between arguments");
            } else if (c == '(') {
                if (stack.size() == 1 && stack.peek().size() < 2) {
                    throw new SyntaxError(tag == null ? "Missing tag" : "Missing command");
                }
                if (stack.size() > limits.maxNesting()) {
                    throw new SyntaxError("Lists nested too deeply (limit " + limits.maxNesting() + ")");
                }
                stack.push(new ArrayList<>());
                i++;
            } else if (c == '"') {
                i = quoted(b, i + 1, to);
            } else if (c == '{' || (c == '~' && i + 1 < to && b[i + 1] == '{')) {
                throw new SyntaxError("Invalid literal: {n} must end the line");
            } else {
                i = atom(b, i, to);
            }
        }
    }

    private void add(Token t) throws SyntaxError {
        List<Token> top = stack.peek();
        top.add(t);
        needSeparator = true;
        if (stack.size() == 1 && top.size() <= 2) {
            if (!(t instanceof Token.Atom a)) {
                throw new SyntaxError(top.size() == 1 ? "Missing tag" : "Missing command");
            }
            if (top.size() == 1) {
                if (!validTag(a.text())) {
                    throw new SyntaxError("Invalid tag");
                }
                tag = a.text();
            } else {
                if (!a.text().chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '-' || ch == '_')) {
                    throw new SyntaxError("Invalid command name");
                }
                command = a.text().toUpperCase(Locale.ROOT);
            }
        }
    }

    private static boolean validTag(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' || c == '%' || c == '*' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static String tagOf(byte[] b, int len) {
        int end = 0;
        while (end < len && b[end] > ' ' && b[end] < 127 && b[end] != '(' && b[end] != ')' && b[end] != '"'
                && b[end] != '{') {
            end++;
        }
        if (end == 0 || end >= len || b[end] != ' ') {
            return null;
        }
        String t = new String(b, 0, end, StandardCharsets.US_ASCII);
        return validTag(t) ? t : null;
    }

    private int quoted(byte[] b, int i, int to) throws SyntaxError {
        if (scratch.length < to - i) {
            scratch = new byte[to - i];
        }
        byte[] out = scratch;
        int n = 0;
        boolean eightBit = false;
        while (i < to) {
            byte c = b[i++];
            if (c == '"') {
                String s = eightBit ? decodeUtf8(out, n) : new String(out, 0, n, StandardCharsets.US_ASCII);
                add(new Token.Quoted(s));
                return i;
            }
            if (c == '\\') {
                if (i >= to || (b[i] != '"' && b[i] != '\\')) {
                    throw new SyntaxError("Invalid escape in quoted string: only \\\" and \\\\ are allowed");
                }
                c = b[i++];
            } else if (c < 0) {
                if (!utf8) {
                    throw new SyntaxError("8-bit data in quoted string: use a literal");
                }
                eightBit = true;
            } else if (c == 0 || c == '\r' || c == '\n') {
                throw new SyntaxError("Invalid character in quoted string");
            }
            out[n++] = c;
        }
        throw new SyntaxError("Unterminated quoted string");
    }

    private static String decodeUtf8(byte[] b, int n) throws SyntaxError {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, n));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new SyntaxError("Invalid UTF-8 in quoted string");
        }
    }

    private int atom(byte[] b, int i, int to) throws SyntaxError {
        int start = i;
        while (i < to) {
            byte c = b[i];
            if (c == ' ' || c == '(' || c == ')') {
                break;
            }
            if (c < 0) {
                throw new SyntaxError("8-bit data in atom: use a quoted string or a literal");
            }
            if (c < ' ' || c == 127) {
                throw new SyntaxError("Control character in command");
            }
            if (c == '"' || c == '{') {
                throw new SyntaxError("Invalid character '" + (char) c + "' in atom");
            }
            if (c == '[' && sectionPrefix(b, start, i)) {
                i = section(b, i + 1, to);
                continue;
            }
            i++;
        }
        add(new Token.Atom(new String(b, start, i - start, StandardCharsets.US_ASCII)));
        return i;
    }

    private static final String[] SECTION_PREFIXES = {"BODY", "BODY.PEEK", "BINARY", "BINARY.PEEK", "BINARY.SIZE"};

    private static boolean sectionPrefix(byte[] b, int start, int end) {
        String prefix = new String(b, start, end - start, StandardCharsets.US_ASCII);
        for (String p : SECTION_PREFIXES) {
            if (p.equalsIgnoreCase(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Skips a fetch section up to its ']', which may hold spaces and a header-field list. */
    private static int section(byte[] b, int i, int to) throws SyntaxError {
        while (i < to) {
            byte c = b[i++];
            if (c == ']') {
                return i;
            }
            if (c < ' ' || c == 127) {
                throw new SyntaxError("Invalid character in section");
            }
        }
        throw new SyntaxError("Unterminated section: missing ']'");
    }

    /** The literal announced at the end of {@code b[0..len)}, or null. */
    private static Announcement announcement(byte[] b, int len) {
        int i = len - 1;
        if (i < 0 || b[i] != '}') {
            return null;
        }
        i--;
        boolean sync = true;
        if (i >= 0 && b[i] == '+') {
            sync = false;
            i--;
        }
        int digitsEnd = i;
        while (i >= 0 && b[i] >= '0' && b[i] <= '9') {
            i--;
        }
        if (i == digitsEnd || i < 0 || b[i] != '{') {
            return null;
        }
        long size = 0;
        for (int k = i + 1; k <= digitsEnd; k++) {
            size = size > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : size * 10 + (b[k] - '0');
        }
        boolean binary = i > 0 && b[i - 1] == '~';
        return new Announcement(size, sync, binary, binary ? i - 1 : i);
    }
}
