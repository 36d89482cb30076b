package org.colombier.server;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.server.net.Acceptors;
import org.colombier.server.net.BoundListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Colombier: the IMAP, POP3 and LMTP listeners of one configuration. Tests start it with
 * port 0 listeners and ask {@link #port(String)} where they ended up.
 */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("master");

    private final Acceptors acceptors;
    private final ServerOptions options;
    private final Services services;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Server(Acceptors acceptors, ServerOptions options, Services services) {
        this.acceptors = acceptors;
        this.options = options;
        this.services = services;
    }

    public static Server start(ColombierConfig config) throws ConfigException, IOException {
        return start(config, ServerOptions.DEFAULTS);
    }

    public static Server start(ColombierConfig config, ServerOptions options) throws ConfigException, IOException {
        return start(ServerPlan.prepare(config, options));
    }

    /** Binds every listener of a validated plan; nothing stays bound if one of them fails. */
    public static Server start(ServerPlan plan) throws IOException {
        ServerOptions options = plan.options();
        Acceptors acceptors;
        try {
            acceptors = Acceptors.bind(plan.listeners(), plan.tls(), options.workerThreads(), options.loginTimeout());
        } catch (IOException | RuntimeException e) {
            plan.services().close();
            throw e;
        }
        Server server = new Server(acceptors, options, plan.services());
        LOG.info("Colombier starting up for {}", acceptors.listeners().stream()
                .map(BoundListener::service).distinct().collect(Collectors.joining(", ")));
        return server;
    }

    public Services services() {
        return services;
    }

    public List<BoundListener> listeners() {
        return acceptors.listeners();
    }

    /** The port the named {@code inet_listener} is bound to (its first address). */
    public int port(String listenerName) {
        return listeners().stream()
                .filter(listener -> listener.name().equals(listenerName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no inet_listener named " + listenerName))
                .addresses().get(0).getPort();
    }

    /**
     * Graceful stop: no new connections, running commands finish, every client gets its
     * protocol's goodbye; connections still open after the grace period are cut. Idempotent.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopUninterruptibly();
            return;
        }
        LOG.info("Shutting down");
        acceptors.shutdown(options.shutdownGrace());
        services.close();
        LOG.info("Stopped");
        stopped.countDown();
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void awaitStopUninterruptibly() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
