package org.colombier.server.net;

import java.nio.charset.StandardCharsets;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderAdapter;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/**
 * Hands received bytes to the session's worker as {@link InputBytes}, marked with whether they came
 * through TLS; the protocol decodes them there, in order. Text replies are encoded as UTF-8, raw
 * {@link IoBuffer}s pass untouched.
 */
public final class RawCodecFactory implements ProtocolCodecFactory {
    private final ProtocolDecoder decoder = new ProtocolDecoderAdapter() {
        @Override
        public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
            byte[] bytes = new byte[in.remaining()];
            in.get(bytes);
            out.write(new InputBytes(bytes, Connection.of(session).tlsInput()));
        }
    };
    private final ProtocolEncoder encoder = new ProtocolEncoderAdapter() {
        @Override
        public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
            out.write(IoBuffer.wrap(((CharSequence) message).toString().getBytes(StandardCharsets.UTF_8)));
        }
    };

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return encoder;
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        return decoder;
    }
}
