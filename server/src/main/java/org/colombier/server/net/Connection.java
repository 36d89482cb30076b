package org.colombier.server.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.colombier.server.imap.protocol.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection as the protocol sessions see it: who is on the other end, whether TLS is
 * on, how to reply and how to leave. Logs the connect and disconnect lines in Dovecot's style
 * through the logger named after the service ({@code imap-login}, {@code pop3-login}, {@code lmtp}).
 */
public final class Connection {
    private static final String ATTRIBUTE = Connection.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CRLF = "\r\n";
    private static final byte[] CRLF_BYTES = {'\r', '\n'};
    /** Raw bytes that may wait to be sent to a slow reader before raw writes pause; bounds its memory. */
    private static final int MAX_QUEUED_BYTES = 64 * 1024;
    /** How long a large response waits for the client to read the previous chunk. */
    private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(2);
    /** Held output past which it is written without waiting for the end of the event. */
    private static final int MAX_HELD_BYTES = 32 * 1024;

    private final IoSession session;
    private final Tls tls;
    private final Logger log;
    private final String id;
    /** Captured at connect: a closed socket may no longer tell. */
    private final InetAddress remote;
    private final InetAddress local;
    private final Instant connectedAt = Instant.now();
    private final String protocol;
    /** Set once the client has logged in (or named its user); shown by {@code doveadm who}. */
    private volatile String user;
    private volatile LiveSessions live;
    private InputThrottle throttle;
    /** This protocol's counters in the server's registry (detached until registered). */
    private volatile ProtocolCounters counters;
    /** Set by the command thread when STARTTLS is accepted (or at connect for implicit TLS). */
    private volatile boolean tlsStarted;
    /** Set by the I/O thread once bytes arrive through the TLS filter. */
    private volatile boolean tlsInput;
    private volatile boolean closing;
    private volatile String disconnectReason = "Connection closed";
    /**
     * The worker thread handling an event of this connection, whose output is held and written as
     * one buffer when the event ends: a reply of several lines then costs one socket write and one
     * wake-up of the I/O thread, not one per line. Set and cleared by that thread; any other
     * thread sees a value that is not itself, so it writes directly.
     */
    private Thread holder;
    private HeldOutput held;
    /** Raw bytes handed to the session whose write has not completed yet: sent, failed or dropped. */
    private final AtomicLong unsentBytes = new AtomicLong();

    Connection(IoSession session, String service, Tls tls, boolean implicitTls) {
        this.session = session;
        this.tls = tls;
        this.log = LoggerFactory.getLogger(service);
        this.protocol = service.endsWith("-login") ? service.substring(0, service.length() - "-login".length()) : service;
        this.counters = ProtocolCounters.detached(protocol);
        this.tlsStarted = implicitTls;
        this.tlsInput = implicitTls;
        byte[] random = new byte[9];
        RANDOM.nextBytes(random);
        this.id = Base64.getEncoder().encodeToString(random);
        this.remote = ip(session.getRemoteAddress());
        this.local = ip(session.getLocalAddress());
        session.setAttribute(ATTRIBUTE, this);
    }

    static Connection of(IoSession session) {
        return (Connection) session.getAttribute(ATTRIBUTE);
    }

    /** The session id shown in log lines, like Dovecot's {@code session=<...>}. */
    public String id() {
        return id;
    }

    /** {@code imap}, {@code pop3} or {@code lmtp}. */
    public String protocol() {
        return protocol;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    /** The logged-in user, or null before login. */
    public String user() {
        return user;
    }

    /**
     * The session logged in as {@code name}: named in the disconnect line and shown by
     * {@code doveadm who} under that user from now on.
     */
    public void loggedIn(String name) {
        this.user = name;
        LiveSessions registry = live;
        if (registry != null) {
            registry.loggedIn(this);
        }
    }

    void registeredIn(LiveSessions registry) {
        this.live = registry;
        this.counters = registry.protocol(protocol);
    }

    /** The counters of this connection's protocol, for {@code doveadm stats dump}. */
    public ProtocolCounters counters() {
        return counters;
    }

    void throttledBy(InputThrottle inputThrottle) {
        this.throttle = inputThrottle;
    }

    /**
     * Stops reading the client's input while {@code hold}, so a client that pipelines behind a
     * response it does not read cannot make the session queue its commands without limit; lines
     * already read still arrive.
     */
    public void holdInput(boolean hold) {
        if (hold) {
            throttle.hold(session);
        } else {
            throttle.release(session);
        }
    }

    /** Asks the session to say its protocol's goodbye and disconnect, after its running command. */
    public void kick() {
        session.getFilterChain().fireEvent(ServerEvent.KICK);
    }

    /** The client's address; null only on transports without one (test doubles). */
    public InetAddress remoteAddress() {
        return remote;
    }

    public InetAddress localAddress() {
        return local;
    }

    private static InetAddress ip(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static String text(InetAddress address) {
        return address == null ? "" : address.getHostAddress();
    }

    /** TLS is in effect, or being negotiated after STARTTLS was accepted. */
    public boolean tls() {
        return tlsStarted;
    }

    /** The client is on a loopback address (secure unless a test says otherwise: {@link SessionSettings#secured}). */
    public boolean loopback() {
        return remote != null && remote.isLoopbackAddress();
    }

    /** STARTTLS may be offered: the server has TLS material and this connection is not under TLS yet. */
    public boolean startTlsAvailable() {
        return tls != null && !tlsStarted;
    }

    /** Writes one reply line; CRLF is appended. */
    public void reply(String line) {
        if (holding()) {
            hold(line.getBytes(StandardCharsets.UTF_8));
            hold(CRLF_BYTES);
        } else {
            session.write(line + CRLF);
        }
    }

    /** Writes lines as one write, each terminated by CRLF. */
    public void reply(Iterable<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append(CRLF);
        }
        if (holding()) {
            hold(out.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            session.write(out.toString());
        }
    }

    /** From now until {@link #releaseOutput()}, what the calling thread writes here is held back. */
    void holdOutput() {
        holder = Thread.currentThread();
    }

    /** Writes the held output, in one piece, and stops holding. */
    void releaseOutput() {
        writeHeld();
        holder = null;
    }

    private boolean holding() {
        return holder == Thread.currentThread();
    }

    private void hold(byte[] bytes) {
        hold(bytes, 0, bytes.length);
    }

    private void hold(byte[] bytes, int offset, int length) {
        HeldOutput out = held;
        if (out == null) {
            out = new HeldOutput(Math.max(256, length));
            held = out;
        }
        out.write(bytes, offset, length);
        if (out.size() >= MAX_HELD_BYTES) {
            writeHeld();
        }
    }

    /** Forgets held output: the connection is being cut. Only its holder may touch it. */
    private void dropHeld() {
        if (holding()) {
            held = null;
        }
    }

    /** Writes the held output now, before what comes next; only the holder has any. */
    private void writeHeld() {
        if (!holding()) {
            return;
        }
        HeldOutput out = held;
        held = null;
        if (out != null && out.size() > 0) {
            session.write(out.buffer());
        }
    }

    /** A byte array stream whose bytes are written without another copy. */
    private static final class HeldOutput extends ByteArrayOutputStream {
        HeldOutput(int size) {
            super(size);
        }

        IoBuffer buffer() {
            return IoBuffer.wrap(buf, 0, count);
        }
    }

    /**
     * Writes {@code length} raw bytes (part of a message body) as they are, without waiting for them
     * to be sent. Returns true when the caller may write more at once; false once more than
     * {@value #MAX_QUEUED_BYTES} bytes wait for a slow reader: then {@code resume} runs on this
     * session's worker when this write has gone out, and never if the connection ends first. So a
     * client that stops reading holds back its own response but no thread.
     */
    public boolean writeBytes(byte[] bytes, int length, Runnable resume) {
        writeHeld();
        WriteFuture written = writeCounted(Arrays.copyOf(bytes, length));
        if (written.isDone() && !written.isWritten()) {
            // refused on the spot: what follows must not go out after a hole in the message
            close("Write failed: " + written.getException());
            return false;
        }
        if (unsentBytes.get() <= MAX_QUEUED_BYTES) {
            return true;
        }
        whenWritten(written, resume);
        return false;
    }

    /**
     * Writes the last raw bytes of a response; {@code sent} runs on this session's worker once they
     * (and so all before them) have gone out to the client, never if the connection ends first.
     */
    public void writeLastBytes(byte[] bytes, int length, Runnable sent) {
        writeHeld();
        whenWritten(writeCounted(Arrays.copyOf(bytes, length)), sent);
    }

    /**
     * Writes {@code bytes}, counted in {@link #unsentBytes} until their write completes. The session's
     * scheduled write bytes would not do: under TLS they count only the few records the SslFilter has
     * encrypted so far, while the writes behind them wait inside the filter, whose queue is bounded
     * (MINA throws BufferOverflowException past 64 and that write is lost).
     */
    private WriteFuture writeCounted(byte[] bytes) {
        unsentBytes.addAndGet(bytes.length);
        WriteFuture written = session.write(IoBuffer.wrap(bytes));
        written.addListener(future -> unsentBytes.addAndGet(-bytes.length));
        return written;
    }

    private void whenWritten(WriteFuture written, Runnable task) {
        written.addListener(future -> {
            if (((WriteFuture) future).isWritten()) {
                runInSession(task);
            }
        });
    }

    /**
     * Output waits to be sent and none went out for {@code timeout}: the client stopped reading.
     * (MINA's own write timeout misses a stall on the last queued write.)
     */
    public boolean writeStalled(Duration timeout) {
        boolean pending = session.getScheduledWriteBytes() > 0 || session.getCurrentWriteRequest() != null;
        return pending && System.currentTimeMillis() - session.getLastWriteTime() >= timeout.toMillis();
    }

    /**
     * Writes an IMAP response chunk by chunk; literal bodies are read only as chunks are taken, and
     * past the first chunks each waits until the previous one is sent, so a large message is never
     * held in memory. Runs on the worker, which may wait.
     */
    public void send(Response response) throws IOException {
        try (response) {
            if (holding() && response.length() <= MAX_HELD_BYTES) {
                for (ByteBuffer chunk = response.nextChunk(); chunk != null; chunk = response.nextChunk()) {
                    hold(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
                }
                return;
            }
            writeHeld();
            WriteFuture last = null;
            int chunks = 0;
            for (ByteBuffer chunk = response.nextChunk(); chunk != null; chunk = response.nextChunk()) {
                if (last != null && ++chunks > 4) {
                    // a client that stops reading must not hold a worker thread for ever
                    if (!last.awaitUninterruptibly(WRITE_TIMEOUT.toMillis())) {
                        close("Write timeout");
                        return;
                    }
                    if (!session.isConnected()) {
                        return;
                    }
                }
                last = session.write(IoBuffer.wrap(chunk));
            }
        }
    }

    /** Runs {@code task} on this connection's worker, after what is queued; for callbacks from other threads. */
    public void runInSession(Runnable task) {
        session.getFilterChain().fireEvent(new SessionTask(task));
    }

    /** Disconnects a client that stays silent for {@code timeout} (autologout). */
    public void idleTimeout(Duration timeout) {
        session.getConfig().setIdleTime(IdleStatus.READER_IDLE, (int) Math.max(1, timeout.toSeconds()));
    }

    /**
     * Disconnects a client that takes nothing of what waits to be sent for {@code timeout}; MINA
     * checks this once a second on the I/O thread, so no thread waits for it (but see
     * {@link #writeStalled}).
     */
    public void writeTimeout(Duration timeout) {
        session.getConfig().setWriteTimeout((int) Math.max(1, timeout.toSeconds()));
    }

    /** Calls {@link ProtocolSession#quiet()} after {@code interval} without output; zero turns it off. */
    public void keepalive(Duration interval) {
        session.getConfig().setIdleTime(IdleStatus.WRITER_IDLE, (int) interval.toSeconds());
    }

    /**
     * Accepts STARTTLS: installs the TLS filter first, then writes {@code replyLine} in plaintext.
     * Anything the client sent after STARTTLS and before its handshake is discarded.
     */
    public void startTls(String replyLine) {
        if (!startTlsAvailable()) {
            throw new IllegalStateException("STARTTLS not available on this connection");
        }
        String reply = replyLine + CRLF;
        writeHeld();
        session.getFilterChain().addFirst("tls", tls.startTlsFilter(this, reply));
        tlsStarted = true;
        session.write(reply);
    }

    /** Writes a last line and closes once it is sent; {@code reason} goes to the disconnect log line. */
    public void goodbye(String line, String reason) {
        disconnectReason = reason;
        closing = true;
        if (tlsStarted && session.getAttribute(SslFilter.SSL_SECURED) == null) {
            // no handshake yet: nothing can be said to this client
            dropHeld();
            session.closeNow();
            return;
        }
        reply(line);
        writeHeld();
        session.closeOnFlush();
    }

    /** Closes without a word. */
    public void close(String reason) {
        disconnectReason = reason;
        closing = true;
        dropHeld();
        session.closeNow();
    }

    /** A goodbye was said or the connection is going away: further input is ignored. */
    public boolean closing() {
        return closing || !session.isConnected();
    }

    void markTlsInput() {
        tlsInput = true;
    }

    boolean tlsInput() {
        return tlsInput;
    }

    /** Set when the peer went away before we said goodbye; keeps the first reason given. */
    void disconnectedBecause(String reason) {
        if (!closing) {
            disconnectReason = reason;
            closing = true;
        }
    }

    void logConnect() {
        log.info("Connect: rip={}, lip={}{}, session=<{}>", text(remote), text(local), tlsStarted ? ", TLS" : "", id);
    }

    void logDisconnect() {
        long secs = Duration.between(connectedAt, Instant.now()).toSeconds();
        if (user != null) {
            log.info("Disconnected: {} in {} secs: user=<{}>, rip={}, lip={}{}, session=<{}>",
                    disconnectReason, secs, user, text(remote), text(local), tlsStarted ? ", TLS" : "", id);
            return;
        }
        log.info("Disconnected: {} (no auth attempts in {} secs): user=<>, rip={}, lip={}{}, session=<{}>",
                disconnectReason, secs, text(remote), text(local), tlsStarted ? ", TLS" : "", id);
    }
}
