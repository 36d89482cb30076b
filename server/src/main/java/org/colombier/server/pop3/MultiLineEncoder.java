package org.colombier.server.pop3;

/**
 * Turns stored message bytes into the body of a POP3 multi-line response (RFC 1939 3), one chunk
 * at a time so no message is ever held whole: bare LF becomes CRLF, a line starting with
 * {@code .} gets another one, and the response ends with CRLF (if the message did not) and
 * {@code .CRLF}. For TOP it stops after the header, the blank line, and the asked number of body
 * lines. A pure state machine: chunks may split anywhere, even between CR and LF.
 */
final class MultiLineEncoder {
    /** Body lines to send after the header, or -1 for the whole message (RETR). */
    private final long bodyLines;
    private boolean lineStart = true;
    private boolean previousCr;
    /** Bytes of the current line before its LF, a trailing CR included. */
    private long lineLength;
    private boolean inBody;
    private long bodyLinesSent;
    private boolean complete;

    private MultiLineEncoder(long bodyLines) {
        this.bodyLines = bodyLines;
    }

    static MultiLineEncoder wholeMessage() {
        return new MultiLineEncoder(-1);
    }

    static MultiLineEncoder top(long bodyLines) {
        if (bodyLines < 0) {
            throw new IllegalArgumentException("negative line count");
        }
        return new MultiLineEncoder(bodyLines);
    }

    /** The most bytes {@link #encode} or {@link #finish} can write for {@code length} input bytes. */
    static int maxOutput(int length) {
        return 2 * length + 5;
    }

    /** True once TOP has all it wants: further input is ignored and reading can stop. */
    boolean complete() {
        return complete;
    }

    /** Encodes {@code in[off, off+len)} into {@code out} from index 0; returns the bytes written. */
    int encode(byte[] in, int off, int len, byte[] out) {
        int n = 0;
        for (int i = off; i < off + len && !complete; i++) {
            byte b = in[i];
            if (b == '\n') {
                if (!previousCr) {
                    out[n++] = '\r';
                }
                out[n++] = '\n';
                endLine();
                continue;
            }
            if (lineStart && b == '.') {
                out[n++] = '.';
            }
            out[n++] = b;
            lineStart = false;
            previousCr = b == '\r';
            lineLength++;
        }
        return n;
    }

    private void endLine() {
        boolean empty = lineLength == 0 || lineLength == 1 && previousCr;
        if (inBody) {
            bodyLinesSent++;
        } else if (empty) {
            inBody = true;
        }
        lineStart = true;
        previousCr = false;
        lineLength = 0;
        if (bodyLines >= 0 && inBody && bodyLinesSent >= bodyLines) {
            complete = true;
        }
    }

    /** Writes the end of the response into {@code out} from index 0; returns the bytes written. */
    int finish(byte[] out) {
        int n = 0;
        if (!lineStart) {
            out[n++] = '\r';
            out[n++] = '\n';
        }
        out[n++] = '.';
        out[n++] = '\r';
        out[n++] = '\n';
        complete = true;
        return n;
    }
}
