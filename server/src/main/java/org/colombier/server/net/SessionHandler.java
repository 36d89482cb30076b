package org.colombier.server.net;

import java.io.IOException;

import javax.net.ssl.SSLException;

import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteTimeoutException;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue between MINA and a {@link ProtocolSession}. Apart from {@link #sessionCreated} (which only
 * allocates), every callback arrives through the ordered executor filter. What a session writes
 * while it handles one event is held and goes out in one write when the event is done.
 */
final class SessionHandler extends IoHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);
    private static final String SESSION = ProtocolSession.class.getName();

    private final String service;
    private final Tls tls;
    private final boolean implicitTls;
    private final int idleSeconds;
    private final ProtocolSession.Factory factory;
    private final InputThrottle throttle;
    private final LiveSessions live;

    SessionHandler(String service, Tls tls, boolean implicitTls, int idleSeconds, ProtocolSession.Factory factory,
                   InputThrottle throttle, LiveSessions live) {
        this.service = service;
        this.tls = tls;
        this.implicitTls = implicitTls;
        this.idleSeconds = idleSeconds;
        this.factory = factory;
        this.throttle = throttle;
        this.live = live;
    }

    @Override
    public void sessionCreated(IoSession session) {
        new Connection(session, service, tls, implicitTls).throttledBy(throttle);
        session.getConfig().setIdleTime(IdleStatus.READER_IDLE, idleSeconds);
    }

    @Override
    public void sessionOpened(IoSession session) {
        Connection connection = Connection.of(session);
        connection.logConnect();
        live.opened(connection);
        ProtocolSession protocol = factory.create(connection);
        session.setAttribute(SESSION, protocol);
        connection.holdOutput();
        try {
            protocol.start();
        } finally {
            connection.releaseOutput();
        }
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        Connection connection = Connection.of(session);
        connection.holdOutput();
        try {
            if (message instanceof InputBytes bytes) {
                handle(session, bytes);
            } else {
                handle(session, (InputLine) message);
            }
        } finally {
            connection.releaseOutput();
            throttle.done(session);
        }
    }

    private void handle(IoSession session, InputLine line) {
        Connection connection = Connection.of(session);
        ProtocolSession protocol = protocol(session);
        if (connection.closing() || protocol == null) {
            return;
        }
        if (connection.tls() && !line.underTls()) {
            // pipelined after STARTTLS in plaintext: never act on it
            LOG.debug("{}: discarding plaintext sent after STARTTLS, session=<{}>", service, connection.id());
            return;
        }
        try {
            if (line instanceof InputLine.Text text) {
                protocol.line(text);
            } else {
                protocol.lineTooLong((InputLine.TooLong) line);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: internal error, session=<{}>", service, connection.id(), e);
            connection.close("Internal error");
        }
    }

    private void handle(IoSession session, InputBytes bytes) {
        Connection connection = Connection.of(session);
        ProtocolSession protocol = protocol(session);
        if (connection.closing() || protocol == null) {
            return;
        }
        if (connection.tls() && !bytes.underTls()) {
            LOG.debug("{}: discarding plaintext sent after STARTTLS, session=<{}>", service, connection.id());
            return;
        }
        try {
            protocol.received(bytes);
        } catch (RuntimeException e) {
            LOG.error("{}: internal error, session=<{}>", service, connection.id(), e);
            connection.close("Internal error");
        }
    }

    @Override
    public void sessionIdle(IoSession session, IdleStatus status) {
        Connection connection = Connection.of(session);
        ProtocolSession protocol = protocol(session);
        if (protocol != null && !connection.closing()) {
            connection.holdOutput();
            try {
                if (status == IdleStatus.WRITER_IDLE) {
                    protocol.quiet();
                } else {
                    protocol.idle();
                }
            } finally {
                connection.releaseOutput();
            }
        }
    }

    @Override
    public void event(IoSession session, FilterEvent event) {
        Connection connection = Connection.of(session);
        connection.holdOutput();
        try {
            handle(session, connection, event);
        } finally {
            connection.releaseOutput();
        }
    }

    private void handle(IoSession session, Connection connection, FilterEvent event) {
        ProtocolSession protocol = protocol(session);
        if (event instanceof SessionTask task) {
            if (protocol != null && !connection.closing()) {
                try {
                    task.task().run();
                } catch (RuntimeException e) {
                    LOG.error("{}: internal error, session=<{}>", service, connection.id(), e);
                    connection.close("Internal error");
                }
            }
        } else if (event == SslEvent.SECURED) {
            LOG.debug("{}: TLS established, session=<{}>", service, connection.id());
        } else if ((event == ServerEvent.SHUTDOWN || event == ServerEvent.KICK) && protocol != null
                && !connection.closing()) {
            protocol.shutdown();
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        Connection connection = Connection.of(session);
        if (connection == null) {
            session.closeNow();
            return;
        }
        if (cause instanceof WriteTimeoutException) {
            connection.disconnectedBecause("Client stopped reading (write timeout)");
        } else if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            connection.disconnectedBecause("TLS handshaking failed: " + cause.getMessage());
        } else if (cause instanceof IOException) {
            connection.disconnectedBecause("Connection closed: " + cause.getMessage());
        } else {
            LOG.error("{}: internal error, session=<{}>", service, connection.id(), cause);
            connection.disconnectedBecause("Internal error");
        }
        session.closeNow();
    }

    @Override
    public void sessionClosed(IoSession session) {
        Connection connection = Connection.of(session);
        ProtocolSession protocol = protocol(session);
        if (protocol != null) {
            protocol.closed();
        }
        if (connection != null) {
            live.closed(connection);
            connection.logDisconnect();
        }
    }

    private static ProtocolSession protocol(IoSession session) {
        return (ProtocolSession) session.getAttribute(SESSION);
    }
}
