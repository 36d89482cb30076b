package org.colombier.server.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.mina.core.filterchain.IoFilterEvent;
import org.apache.mina.core.service.IoAcceptor;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.core.session.IoEventType;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.executor.ExecutorFilter;
import org.apache.mina.filter.executor.OrderedThreadPoolExecutor;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.apache.mina.transport.vmpipe.VmPipeAcceptor;
import org.apache.mina.transport.vmpipe.VmPipeAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound listeners. All of them share one pool of NIO processors (the I/O threads, which only
 * decode and encode) and one ordered worker pool where protocol sessions run, so each connection
 * sees its events one at a time and in order, and no connection owns a thread.
 */
public final class Acceptors {
    private static final Logger LOG = LoggerFactory.getLogger(Acceptors.class);
    /** Decoded lines a connection may have waiting for its worker before we stop reading it. */
    private static final int MAX_QUEUED_LINES = 64;
    /**
     * Connections the kernel may hold completed for us before we accept them (it caps this at
     * {@code net.core.somaxconn}). MINA's default of 50 is far too small for a burst of reconnects:
     * on a full queue Linux drops the client's final ACK, the client thinks it is connected, and
     * since IMAP, POP3 and LMTP servers speak first it waits for a greeting that never comes.
     */
    static final int LISTEN_BACKLOG = 4096;

    private final SimpleIoProcessorPool<NioSession> processors = new SimpleIoProcessorPool<>(NioProcessor.class);
    private final OrderedThreadPoolExecutor workers;
    private final ExecutorFilter executorFilter;
    private final InputThrottle throttle = new InputThrottle(MAX_QUEUED_LINES);
    private final List<IoAcceptor> acceptors = new ArrayList<>();
    private final List<BoundListener> bound = new ArrayList<>();
    private final LiveSessions live;
    private final List<UnixSocketBridge> bridges = new ArrayList<>();
    /** In-JVM pipe addresses are global to the JVM: each unix listener takes a fresh one. */
    private static final AtomicInteger PIPE_PORTS = new AtomicInteger();

    private Acceptors(int workerThreads, LiveSessions live) {
        this.live = live;
        this.workers = new OrderedThreadPoolExecutor(0, workerThreads, 60, TimeUnit.SECONDS, threads("colombier-worker"));
        this.executorFilter = new ExecutorFilter(workers, IoEventType.SESSION_OPENED, IoEventType.MESSAGE_RECEIVED,
                IoEventType.SESSION_IDLE, IoEventType.SESSION_CLOSED, IoEventType.EXCEPTION_CAUGHT, IoEventType.EVENT) {
            /**
             * MINA's ExecutorFilter passes filter events on in the firing thread whatever its event
             * types say; queue them behind the session's other events instead, so a task handed
             * back by a lookup thread (or the shutdown notice) never runs beside a command.
             */
            @Override
            public void event(NextFilter nextFilter, IoSession session, FilterEvent event) {
                fireEvent(new IoFilterEvent(nextFilter, IoEventType.EVENT, session, event));
            }
        };
    }

    /**
     * Binds every listener; if one fails, those already bound are released again.
     *
     * @param tls          the TLS material, or null when {@code ssl = no}
     * @param idleTimeout  how long a client may stay silent before it is disconnected
     * @param live         where each connection is registered while it lasts
     */
    /**
     * Binds the inet listeners, then the unix sockets; if one fails, those already bound are released again.
     *
     * @param live where each connection is registered while it lasts
     */
    public static Acceptors bind(List<ListenerSpec> listeners, List<UnixSocketSpec> sockets, Tls tls, int workerThreads,
                                 Duration idleTimeout, LiveSessions live) throws IOException {
        Acceptors result = new Acceptors(workerThreads, live);
        int idleSeconds = (int) Math.max(1, idleTimeout.toSeconds());
        try {
            for (ListenerSpec spec : listeners) {
                result.bind(spec, tls, idleSeconds);
            }
            for (UnixSocketSpec spec : sockets) {
                result.bind(spec, tls, idleSeconds);
            }
        } catch (IOException | RuntimeException e) {
            result.shutdown(Duration.ZERO);
            throw e;
        }
        return result;
    }

    private void bind(ListenerSpec spec, Tls tls, int idleSeconds) throws IOException {
        if (spec.implicitTls() && tls == null) {
            throw new IllegalArgumentException("listener " + spec.name() + " wants TLS but ssl = no");
        }
        NioSocketAcceptor acceptor = new NioSocketAcceptor(processors);
        acceptors.add(acceptor);
        acceptor.setReuseAddress(true);
        acceptor.setBacklog(LISTEN_BACKLOG);
        // replies often go out as several small writes; Nagle would hold the later ones for an ACK
        acceptor.getSessionConfig().setTcpNoDelay(true);
        if (spec.implicitTls()) {
            acceptor.getFilterChain().addLast("tls", tls.implicitFilter());
        }
        configure(acceptor, spec.service(), spec.implicitTls(), spec.rawInput(), spec.maxLineLength(), spec.sessions(),
                tls, idleSeconds);
        try {
            acceptor.bind(new ArrayList<SocketAddress>(spec.addresses()));
        } catch (IOException e) {
            throw new IOException(spec.service() + " " + spec.name() + ": bind(" + spec.addresses() + ") failed: "
                    + e.getMessage(), e);
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (SocketAddress address : acceptor.getLocalAddresses()) {
            addresses.add((InetSocketAddress) address);
        }
        bound.add(new BoundListener(spec.service(), spec.name(), addresses, spec.implicitTls()));
    }

    private void bind(UnixSocketSpec spec, Tls tls, int idleSeconds) throws IOException {
        VmPipeAcceptor acceptor = new VmPipeAcceptor();
        acceptors.add(acceptor);
        configure(acceptor, spec.service(), false, spec.rawInput(), spec.maxLineLength(), spec.sessions(), tls, idleSeconds);
        VmPipeAddress pipe = new VmPipeAddress(PIPE_PORTS.incrementAndGet());
        acceptor.bind(pipe);
        try {
            bridges.add(UnixSocketBridge.open(spec.path(), spec.mode(), acceptor, pipe));
        } catch (IOException e) {
            throw new IOException(spec.service() + ": unix_listener " + spec.path() + " failed: " + e.getMessage(), e);
        }
    }

    /** The filter chain and handler every listener shares: codec, input throttle, ordered workers. */
    private void configure(IoAcceptor acceptor, String service, boolean implicitTls, boolean rawInput, int maxLineLength,
                           ProtocolSession.Factory sessions, Tls tls, int idleSeconds) {
        // unbinding at shutdown must not cut the connections that still get their goodbye
        acceptor.setCloseOnDeactivation(false);
        acceptor.getFilterChain().addLast("codec", new ProtocolCodecFilter(rawInput
                ? new RawCodecFactory() : new LineCodecFactory(maxLineLength)));
        acceptor.getFilterChain().addLast("throttle", throttle);
        acceptor.getFilterChain().addLast("executor", executorFilter);
        acceptor.setHandler(new SessionHandler(service, tls, implicitTls, idleSeconds, sessions, throttle, live));
    }

    /** The unix sockets being listened on. */
    public List<Path> unixSockets() {
        return bridges.stream().map(UnixSocketBridge::path).toList();
    }

    /** The listeners in configuration order, with the addresses actually bound. */
    public List<BoundListener> listeners() {
        return List.copyOf(bound);
    }

    /**
     * Stops accepting, lets each connection finish its running command and say goodbye, waits at
     * most {@code grace} for them to close, then cuts the rest.
     */
    public void shutdown(Duration grace) {
        for (IoAcceptor acceptor : acceptors) {
            acceptor.unbind();
        }
        for (UnixSocketBridge bridge : bridges) {
            bridge.stopAccepting();
        }
        List<IoSession> sessions = sessions();
        for (IoSession session : sessions) {
            session.getFilterChain().fireEvent(ServerEvent.SHUTDOWN);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!sessions().isEmpty() && System.nanoTime() < deadline && sleep(20)) {
            // waiting for goodbyes to be flushed
        }
        for (IoSession session : sessions()) {
            session.closeNow().awaitUninterruptibly(1000);
        }
        for (IoAcceptor acceptor : acceptors) {
            acceptor.dispose(true);
        }
        for (UnixSocketBridge bridge : bridges) {
            bridge.close();
        }
        processors.dispose();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                LOG.warn("worker threads still busy after shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<IoSession> sessions() {
        List<IoSession> sessions = new ArrayList<>();
        for (IoAcceptor acceptor : acceptors) {
            Collection<IoSession> managed = acceptor.getManagedSessions().values();
            sessions.addAll(managed);
        }
        return sessions;
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
    }
}
