package org.colombier.server.net;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.CumulativeProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Splits input into lines of at most {@code maxLineLength} bytes (CRLF not counted). A longer
 * line is reported once as {@link InputLine.TooLong} and its bytes are dropped as they arrive, so
 * a hostile client can never make us buffer more than the limit.
 *
 * <p>Plaintext that was already buffered when STARTTLS took effect is discarded: once bytes start
 * arriving through TLS, any leftover from before is thrown away (command injection, CVE-2011-0411
 * style).
 */
public final class LineDecoder extends CumulativeProtocolDecoder {
    private static final AttributeKey STATE = new AttributeKey(LineDecoder.class, "state");

    private final int maxLineLength;

    public LineDecoder(int maxLineLength) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    /** Per-connection scanning state; only ever touched by the connection's I/O thread. */
    private static final class State {
        boolean underTls;
        boolean skipping;
        int scanned;
    }

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
        State state = state(session);
        boolean underTls = Connection.of(session).tlsInput();
        if (state.underTls != underTls) {
            dispose(session);
            state.underTls = underTls;
            state.skipping = false;
            state.scanned = 0;
        }
        super.decode(session, in, out);
    }

    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
        State state = state(session);
        int start = in.position();
        int limit = in.limit();
        for (int i = start + state.scanned; i < limit; i++) {
            if (in.get(i) != '\n') {
                continue;
            }
            state.scanned = 0;
            int end = i > start && in.get(i - 1) == '\r' ? i - 1 : i;
            if (state.skipping) {
                state.skipping = false;
            } else if (end - start > maxLineLength) {
                out.write(new InputLine.TooLong(maxLineLength, state.underTls));
            } else {
                byte[] bytes = new byte[end - start];
                in.get(bytes);
                out.write(new InputLine.Text(bytes, state.underTls));
            }
            in.position(i + 1);
            return true;
        }
        int pending = limit - start;
        if (state.skipping) {
            in.position(limit);
        } else if (pending > maxLineLength + 1) {
            // +1: the limit excludes the CR that may be the last byte received so far
            state.skipping = true;
            state.scanned = 0;
            in.position(limit);
            out.write(new InputLine.TooLong(maxLineLength, state.underTls));
        } else {
            state.scanned = pending;
        }
        return false;
    }

    private static State state(IoSession session) {
        State state = (State) session.getAttribute(STATE);
        if (state == null) {
            state = new State();
            state.underTls = Connection.of(session).tlsInput();
            session.setAttribute(STATE, state);
        }
        return state;
    }
}
