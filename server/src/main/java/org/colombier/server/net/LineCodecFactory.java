package org.colombier.server.net;

import java.nio.charset.StandardCharsets;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/**
 * Lines in, text out. Replies are written as strings that already end in CRLF; raw
 * {@link IoBuffer}s (literals, message bodies) pass the codec filter untouched.
 */
public final class LineCodecFactory implements ProtocolCodecFactory {
    private final LineDecoder decoder;
    private final ProtocolEncoder encoder = new ProtocolEncoderAdapter() {
        @Override
        public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
            byte[] bytes = ((CharSequence) message).toString().getBytes(StandardCharsets.UTF_8);
            out.write(IoBuffer.wrap(bytes));
        }
    };

    public LineCodecFactory(int maxLineLength) {
        this.decoder = new LineDecoder(maxLineLength);
    }

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return encoder;
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        return decoder;
    }
}
