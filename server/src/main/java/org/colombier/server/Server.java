package org.colombier.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.ConfigLoader;
import org.colombier.api.admin.AdminProtocol;
import org.colombier.server.admin.AdminServer;
import org.colombier.server.admin.DoveadmHttpServer;
import org.colombier.server.auth.Authenticator;
import org.colombier.server.net.Acceptors;
import org.colombier.server.net.BoundListener;
import org.colombier.server.net.LiveSessions;
import org.colombier.server.net.Tls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Colombier: the IMAP, POP3 and LMTP listeners of one configuration, and the admin socket
 * {@code base_dir/colombier-admin} that {@code doveadm who/kick/reload/stop/stats/log} talk to.
 * Tests start it with port 0 listeners and ask {@link #port(String)} where they ended up.
 */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("master");

    private final Acceptors acceptors;
    private final ServerOptions options;
    private final Services services;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LiveSessions live;
    private volatile ColombierConfig config;
    private AdminServer admin;
    private DoveadmHttpServer httpApi;

    private Server(Acceptors acceptors, ServerOptions options, Services services, LiveSessions live,
                   ColombierConfig config) {
        this.acceptors = acceptors;
        this.options = options;
        this.services = services;
        this.live = live;
        this.config = config;
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
        LiveSessions live = new LiveSessions();
        try {
            acceptors = Acceptors.bind(plan.listeners(), plan.sockets(), plan.tls(), options.workerThreads(), options.loginTimeout(), live);
        } catch (IOException | RuntimeException e) {
            plan.services().close();
            throw e;
        }
        Services services = plan.services();
        live.gauge("auth_cache_hits", () -> services.authenticator().cacheHits());
        live.gauge("auth_cache_misses", () -> services.authenticator().cacheMisses());
        Server server = new Server(acceptors, options, services, live, plan.config());
        server.startAdmin();
        server.startHttpApi(plan.httpApi(), plan.tls());
        LOG.info("Colombier starting up for {}", acceptors.listeners().stream()
                .map(BoundListener::service).distinct().collect(Collectors.joining(", ")));
        return server;
    }

    public Services services() {
        return services;
    }

    /** The connections alive now and the counters since start. */
    public LiveSessions liveSessions() {
        return live;
    }

    /** The admin socket's path, or null when it could not be bound (the mail service runs without it). */
    public Path adminSocket() {
        return admin == null ? null : admin.socket();
    }

    /**
     * Without the admin socket the mail service still runs (the reason is logged): a second server
     * sharing a base_dir, or an unwritable one, must not take IMAP down.
     */
    private void startAdmin() {
        Path socket = Path.of(config.setting("base_dir").filter(d -> !d.isBlank()).orElse("/run/colombier"))
                .resolve(AdminProtocol.SOCKET_NAME);
        try {
            admin = AdminServer.start(socket, live, this::reload, this::stopLater,
                    users -> services.authenticator().flushCache(users));
        } catch (IOException | RuntimeException e) {
            LOG.error("admin socket {} not available: {}", socket, e.getMessage());
        }
    }

    /**
     * The doveadm HTTP API runs the admin socket's commands, so it starts only with them; like the
     * socket, its failure is logged and the mail service runs on.
     */
    private void startHttpApi(ServerPlan.HttpApi plan, Tls tls) {
        if (plan == null) {
            return;
        }
        if (admin == null) {
            LOG.error("doveadm HTTP API not started: the admin commands are not available");
            return;
        }
        try {
            httpApi = DoveadmHttpServer.start(plan.addresses(), plan.settings().listener().ssl() ? tls.context() : null,
                    tls == null ? List.of() : tls.protocols(), plan.settings().apiKey(), plan.settings().password(), admin);
        } catch (IOException | RuntimeException e) {
            LOG.error("doveadm HTTP API on {} not available: {}", plan.addresses(), e.getMessage());
        }
    }

    /** Where the doveadm HTTP API listens; empty when it is off. */
    public List<InetSocketAddress> doveadmHttpAddresses() {
        return httpApi == null ? List.of() : httpApi.addresses();
    }

    /**
     * {@code doveadm reload}: reads the configuration file again; if it is valid, new logins (IMAP,
     * POP3) and user lookups (LMTP delivery) use its passdbs, userdbs and auth settings. The auth
     * cache is kept when the passdbs, userdbs and cache settings did not change, else it starts
     * empty. Everything else (listeners, TLS, mail settings) needs a restart. A bad file is refused
     * and the running configuration is kept.
     */
    private synchronized List<String> reload() throws ConfigException {
        ColombierConfig next = config.embedded() ? ConfigLoader.embeddedDefault() : ConfigLoader.load(config.source());
        Authenticator authenticator = Services.authenticator(next, ServerPlan.hostname(next), services.authenticator());
        services.replaceAuthenticator(authenticator);
        config = next;
        LOG.info("Configuration reloaded: passdb, userdb and auth settings apply to new IMAP, POP3 and LMTP sessions");
        return List.of("passdb", "userdb", "auth_*");
    }

    private void stopLater() {
        Thread stopper = new Thread(this::stop, "colombier-stop");
        stopper.start();
    }

    public List<BoundListener> listeners() {
        return acceptors.listeners();
    }

    /** The unix sockets listened on ({@code unix_listener}s of the lmtp service). */
    public List<Path> unixSockets() {
        return acceptors.unixSockets();
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
        if (httpApi != null) {
            httpApi.close();
        }
        if (admin != null) {
            admin.close();
        }
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
