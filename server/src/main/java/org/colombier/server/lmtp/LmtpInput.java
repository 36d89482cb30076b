package org.colombier.server.lmtp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * LMTP's input as a resumable state machine with no I/O: command lines, then (when the session
 * says so) a DATA body up to its lone dot, or a BDAT chunk of a given size. The mode is switched by
 * the session while it handles a line, so bytes the client pipelined after {@code DATA} or
 * {@code BDAT} are read in the right mode whatever the session decided (a refused DATA leaves the
 * input in line mode). That decision needs the session's state (were recipients accepted?), which
 * is why this runs on the session's worker and not in the I/O thread's decoder.
 *
 * <p>Body bytes are handed on in pieces as they arrive, never collected here: DATA bodies are
 * dot-unstuffed, and in both modes a bare LF becomes CRLF, so what is stored always has CRLF line
 * endings. Command lines longer than the limit are reported once and skipped up to their LF.
 */
final class LmtpInput {
    /** What the input yields, in order. */
    interface Handler {
        void line(byte[] line);

        void lineTooLong();

        void body(byte[] bytes, int offset, int length);

        /** DATA's terminating dot, or the end of a BDAT chunk. */
        void bodyEnd();
    }

    private enum Mode { LINE, DATA, CHUNK }

    /** Where a DATA body is within its current line. */
    private enum DataState { LINE_START, DOT, DOT_CR, IN_LINE }

    private static final int OUT_SIZE = 16 * 1024;

    private final int maxLineLength;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final byte[] out = new byte[OUT_SIZE];
    private int outLength;
    private Mode mode = Mode.LINE;
    private boolean skippingLongLine;
    private DataState dataState;
    private long chunkRemaining;
    /** The last body byte handed on was a CR: a following LF completes it instead of getting its own. */
    private boolean lastWasCr;
    /** Set by {@link #discardPending()}: the rest of the bytes being fed are dropped. */
    private boolean discardRest;

    LmtpInput(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    /** Reads the next bytes as a DATA body, up to a line holding just a dot. */
    void startData() {
        mode = Mode.DATA;
        dataState = DataState.LINE_START;
        lastWasCr = false;
    }

    /**
     * Reads the next {@code size} bytes as a BDAT chunk.
     *
     * @param continuation the chunk continues the previous one's body (a CR at its end may pair
     *                     with an LF at this one's start)
     */
    void startChunk(long size, boolean continuation) {
        if (!continuation) {
            lastWasCr = false;
        }
        if (size == 0) {
            mode = Mode.LINE;
            return;
        }
        mode = Mode.CHUNK;
        chunkRemaining = size;
    }

    /** True while a body is being read. */
    boolean inBody() {
        return mode != Mode.LINE;
    }

    /**
     * Forgets any partial line and the rest of the bytes being fed: plaintext the client sent
     * after STARTTLS is never acted on.
     */
    void discardPending() {
        line.reset();
        skippingLongLine = false;
        discardRest = true;
    }

    void feed(byte[] bytes, Handler handler) {
        discardRest = false;
        int i = 0;
        while (i < bytes.length && !discardRest) {
            i = switch (mode) {
                case LINE -> line(bytes, i, handler);
                case DATA -> data(bytes, i, handler);
                case CHUNK -> chunk(bytes, i, handler);
            };
        }
        flush(handler);
    }

    private int line(byte[] bytes, int from, Handler handler) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            appendLine(bytes, from, i - from, handler);
            boolean skipped = skippingLongLine;
            skippingLongLine = false;
            if (!skipped) {
                byte[] text = line.toByteArray();
                line.reset();
                int length = text.length > 0 && text[text.length - 1] == '\r' ? text.length - 1 : text.length;
                handler.line(length == text.length ? text : Arrays.copyOf(text, length));
            }
            return i + 1;
        }
        appendLine(bytes, from, bytes.length - from, handler);
        return bytes.length;
    }

    private void appendLine(byte[] bytes, int from, int length, Handler handler) {
        if (skippingLongLine) {
            return;
        }
        // +1: the CR before the LF is not part of the limit
        if (line.size() + length > maxLineLength + 1) {
            line.reset();
            skippingLongLine = true;
            handler.lineTooLong();
            return;
        }
        line.write(bytes, from, length);
    }

    private int data(byte[] bytes, int from, Handler handler) {
        for (int i = from; i < bytes.length; i++) {
            byte b = bytes[i];
            switch (dataState) {
                case LINE_START -> {
                    if (b == '.') {
                        dataState = DataState.DOT;
                    } else {
                        dataState = DataState.IN_LINE;
                        bodyByte(b, handler);
                    }
                }
                case DOT -> {
                    if (b == '\r') {
                        dataState = DataState.DOT_CR;
                    } else if (b == '\n') {
                        return endData(i, handler);
                    } else {
                        // a stuffed dot: drop it, keep what follows
                        dataState = DataState.IN_LINE;
                        bodyByte(b, handler);
                    }
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        return endData(i, handler);
                    }
                    dataState = DataState.IN_LINE;
                    bodyByte((byte) '\r', handler);
                    bodyByte(b, handler);
                }
                case IN_LINE -> bodyByte(b, handler);
            }
            if (b == '\n' && dataState == DataState.IN_LINE) {
                dataState = DataState.LINE_START;
            }
        }
        return bytes.length;
    }

    private int endData(int i, Handler handler) {
        flush(handler);
        mode = Mode.LINE;
        handler.bodyEnd();
        return i + 1;
    }

    private int chunk(byte[] bytes, int from, Handler handler) {
        int n = (int) Math.min(chunkRemaining, bytes.length - from);
        for (int i = from; i < from + n; i++) {
            bodyByte(bytes[i], handler);
        }
        chunkRemaining -= n;
        if (chunkRemaining == 0) {
            flush(handler);
            mode = Mode.LINE;
            handler.bodyEnd();
        }
        return from + n;
    }

    private void bodyByte(byte b, Handler handler) {
        if (b == '\n' && !lastWasCr) {
            put((byte) '\r', handler);
        }
        put(b, handler);
        lastWasCr = b == '\r';
    }

    private void put(byte b, Handler handler) {
        if (outLength == out.length) {
            flush(handler);
        }
        out[outLength++] = b;
    }

    private void flush(Handler handler) {
        if (outLength > 0) {
            int n = outLength;
            outLength = 0;
            handler.body(out, 0, n);
        }
    }
}
