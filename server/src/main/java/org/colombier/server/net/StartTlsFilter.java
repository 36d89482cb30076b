package org.colombier.server.net;

import javax.net.ssl.SSLContext;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * The SslFilter STARTTLS inserts: it is added before the OK reply is written (so no client byte
 * can slip past it) and lets that one reply through unencrypted, as Apache FtpServer's AUTH does.
 * It also tells the connection when bytes first arrive through it, which is how the decoder
 * knows to drop plaintext the client pipelined after STARTTLS.
 */
final class StartTlsFilter extends SslFilter {
    private final Connection connection;
    private final Object reply;

    StartTlsFilter(SSLContext context, Connection connection, Object reply) {
        super(context);
        this.connection = connection;
        this.reply = reply;
    }

    @Override
    public void filterWrite(NextFilter next, IoSession session, WriteRequest request) throws Exception {
        if (request.getOriginalMessage() == reply) {
            next.filterWrite(session, request);
        } else {
            super.filterWrite(next, session, request);
        }
    }

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        connection.markTlsInput();
        super.messageReceived(next, session, message);
    }
}
