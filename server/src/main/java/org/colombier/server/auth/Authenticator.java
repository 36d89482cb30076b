package org.colombier.server.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.colombier.auth.AuthDrivers;
import org.colombier.auth.cache.AuthCache;
import org.colombier.auth.sasl.SaslContext;
import org.colombier.auth.sasl.SaslMechanisms;
import org.colombier.auth.sasl.SaslServer;
import org.colombier.auth.sasl.SaslStep;
import org.colombier.config.AuthCacheSettings;
import org.colombier.config.AuthSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs users in for every protocol, as Dovecot's auth process does: the passdb chain
 * ({@link AuthDrivers}, with Dovecot's {@code result_*} rules) checks the password, the userdb chain
 * then says where the user's mail is.
 * Lookups may block (SQL, PAM), so they run on a small bounded pool of their own and each answer
 * is a {@link CompletableFuture}; a failure is answered only after the per-address
 * {@link LoginPenalty}, scheduled on a timer, so no thread sleeps. Passwords and SASL payloads are
 * never logged. A master login ({@code user*master}, PLAIN's authorization identity) is logged with
 * both names, {@code user=<user>, master=<master>}. With {@code auth_cache_size} set, the passdbs and userdbs answer through an
 * {@link AuthCache} ({@code doveadm auth cache flush} empties it).
 */
public final class Authenticator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("auth");
    private static final int THREADS = 8;
    /**
     * Logins waiting for a lookup thread. A session has at most one login in flight, so this is in
     * effect bounded by the connections; a login storm (10,000 clients reconnecting) must wait its
     * turn, not be refused.
     */
    private static final int QUEUE = 1 << 16;

    private final AuthDrivers drivers;
    private final AuthCache cache;
    private final List<DriverSettings> passdbSettings;
    private final List<DriverSettings> userdbSettings;
    private final AuthSettings settings;
    private final String hostname;
    private final LoginPenalty penalty;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;

    /** Over already open databases, chained with Dovecot's default rules. */
    public Authenticator(List<PassDb> passdbs, List<UserDb> userdbs, AuthSettings settings, String hostname) {
        this(AuthDrivers.of(passdbs, userdbs), null, List.of(), List.of(), settings, hostname);
    }

    private Authenticator(AuthDrivers drivers, AuthCache cache, List<DriverSettings> passdbSettings,
                          List<DriverSettings> userdbSettings, AuthSettings settings, String hostname) {
        this.drivers = drivers;
        this.cache = cache;
        this.passdbSettings = List.copyOf(passdbSettings);
        this.userdbSettings = List.copyOf(userdbSettings);
        this.settings = settings;
        this.hostname = hostname;
        this.penalty = new LoginPenalty(settings.failureDelay());
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                daemon("auth-lookup"));
        this.pool.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("auth-delay"));
    }

    /** Opens the passdb and userdb sections of the configuration ({@link AuthDrivers}: the chain rules live there). */
    public static Authenticator create(List<DriverSettings> passdbs, List<DriverSettings> userdbs,
                                       AuthSettings settings, String hostname) throws AuthConfigException {
        return create(passdbs, userdbs, settings, hostname, null);
    }

    /**
     * As {@link #create(List, List, AuthSettings, String)}, for {@code doveadm reload}: when the
     * passdbs, userdbs and cache settings are those of {@code previous}, its cache is kept (its
     * answers are still right); otherwise the cache starts empty, its hit and miss counts going on.
     */
    public static Authenticator create(List<DriverSettings> passdbs, List<DriverSettings> userdbs,
                                       AuthSettings settings, String hostname, Authenticator previous)
            throws AuthConfigException {
        AuthCacheSettings c = settings.cache();
        AuthCache old = previous == null ? null : previous.cache;
        AuthCache cache = null;
        if (c.enabled() && old == null) {
            cache = new AuthCache(c.size(), c.ttl(), c.negativeTtl(), System::nanoTime);
        } else if (c.enabled()) {
            boolean same = previous.passdbSettings.equals(passdbs) && previous.userdbSettings.equals(userdbs)
                    && previous.settings.cache().equals(c);
            cache = same ? old : old.emptyCopy(c.size(), c.ttl(), c.negativeTtl());
        }
        return new Authenticator(AuthDrivers.fromConfig(passdbs, userdbs, cache, settings.masterUserSeparator()), cache, passdbs, userdbs, settings, hostname);
    }

    /** {@code doveadm auth cache flush [USER ...]}: how many cached answers were forgotten (0 without a cache). */
    public int flushCache(List<String> users) {
        return cache == null ? 0 : cache.flush(users);
    }

    /** Cache hits since start, for {@code doveadm stats dump}. */
    public long cacheHits() {
        return cache == null ? 0 : cache.hits();
    }

    /** Cache misses since start, for {@code doveadm stats dump}. */
    public long cacheMisses() {
        return cache == null ? 0 : cache.misses();
    }

    /**
     * The SASL mechanisms to offer: those of {@code auth_mechanisms} we implement, without the
     * plaintext ones when {@code cleartextAllowed} is false.
     */
    public List<String> mechanisms(boolean cleartextAllowed) {
        List<String> out = new ArrayList<>();
        for (String m : settings.mechanisms()) {
            String name = m.toUpperCase(Locale.ROOT);
            if (SaslMechanisms.NAMES.contains(name) && (cleartextAllowed || !SaslMechanisms.isCleartext(name))
                    && !out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Checks a plaintext password (IMAP LOGIN, POP3 USER/PASS). */
    public CompletableFuture<LoginResult> verifyPlain(AuthRequest request, String password) {
        return lookup(() -> drivers.verifyPlain(request, password))
                .thenCompose(result -> finish(request, result, null));
    }

    /**
     * A challenge-response login outside SASL (POP3 APOP): the chain's stored credentials for the
     * request's user go to {@code check}, which says whether the client's proof matches them.
     */
    public CompletableFuture<LoginResult> verifyCredentials(AuthRequest request,
                                                            Function<CredentialsResult, AuthResult> check) {
        return lookup(() -> check.apply(drivers.lookupCredentials(request)))
                .thenCompose(result -> finish(request, result, null));
    }

    /** Starts an exchange for {@code mechanism} if it is offered (see {@link #mechanisms}). */
    public Optional<SaslServer> sasl(String mechanism, AuthRequest request, boolean cleartextAllowed) {
        if (!mechanisms(cleartextAllowed).contains(mechanism.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return SaslMechanisms.create(mechanism, SaslContext.of(drivers.passDb(), drivers, request, hostname,
                settings.allowWeakSchemes()));
    }

    /** One step of a SASL exchange; a step may look up credentials, so it runs on the lookup pool. */
    public CompletableFuture<SaslStep> step(SaslServer server, byte[] response) {
        return lookup(() -> server.step(response));
    }

    /** Ends a SASL exchange: userdb lookup after success, the penalty after a failure. */
    public CompletableFuture<LoginResult> finish(AuthRequest request, SaslStep step) {
        if (step instanceof SaslStep.Done done) {
            return finish(request, done.result(), done.successData());
        }
        return finish(request, new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH), null);
    }

    /** A blocking userdb lookup, for LMTP and admin commands that run off the I/O threads. */
    public UserLookup lookupUser(String user) {
        if (!drivers.hasUserDbs()) {
            return new UserLookup.Found(new UserRecord(user, null, OptionalInt.empty(), OptionalInt.empty(), Map.of()));
        }
        return drivers.lookup(user);
    }

    /**
     * False only when the userdbs can list their users and none has any: then nobody can log in
     * and the admin is told at startup.
     */
    public boolean hasUsers() {
        if (!drivers.hasUserDbs()) {
            return true;
        }
        try {
            return !drivers.users().isEmpty();
        } catch (RuntimeException e) {
            return true;
        }
    }

    private CompletableFuture<LoginResult> finish(AuthRequest request, AuthResult result, byte[] successData) {
        if (result instanceof AuthResult.Ok ok) {
            return lookup(() -> userRecord(ok)).thenCompose(lookup -> {
                if (lookup instanceof UserLookup.Found found) {
                    penalty.succeeded(request.remoteIp());
                    LOG.info("{}: login: user=<{}>{}, rip={}", request.service(), found.user().user(),
                            ok.masterUser() == null ? "" : ", master=<" + ok.masterUser() + ">", ip(request));
                    return CompletableFuture.completedFuture(new LoginResult.Success(found.user(), successData));
                }
                if (lookup instanceof UserLookup.TempFail t) {
                    LOG.error("{}: userdb lookup for {} failed: {}", request.service(), ok.user(), t.detail());
                    return CompletableFuture.completedFuture(new LoginResult.TemporaryFailure());
                }
                LOG.error("{}: user {} authenticated but does not exist in any userdb", request.service(), ok.user());
                return delayed(request, new LoginResult.Failure());
            });
        }
        if (result instanceof AuthResult.TempFail t) {
            LOG.error("{}: passdb lookup failed: {}, rip={}", request.service(), t.detail(), ip(request));
            return CompletableFuture.completedFuture(new LoginResult.TemporaryFailure());
        }
        AuthResult.Reason reason = ((AuthResult.Failed) result).reason();
        LOG.info("{}: login failed ({}): rip={}", request.service(), reason.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                ip(request));
        return delayed(request, new LoginResult.Failure());
    }

    private UserLookup userRecord(AuthResult.Ok ok) {
        UserLookup lookup = lookupUser(ok.user());
        if (!(lookup instanceof UserLookup.Found found)) {
            return lookup;
        }
        // passdb userdb_* extra fields (Dovecot's prefetch) fill in what the userdb did not say
        Map<String, String> fields = new HashMap<>();
        ok.extraFields().forEach((k, v) -> {
            if (k.startsWith("userdb_")) {
                fields.put(k.substring("userdb_".length()), v);
            }
        });
        fields.putAll(found.user().fields());
        UserRecord r = found.user();
        String home = r.home() != null ? r.home() : fields.remove("home");
        return new UserLookup.Found(new UserRecord(r.user(), home, r.uid(), r.gid(), fields));
    }

    private CompletableFuture<LoginResult> delayed(AuthRequest request, LoginResult result) {
        Duration delay = penalty.failed(request.remoteIp());
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(result);
        }
        CompletableFuture<LoginResult> future = new CompletableFuture<>();
        timer.schedule(() -> future.complete(result), delay.toMillis(), TimeUnit.MILLISECONDS);
        return future;
    }

    private <T> CompletableFuture<T> lookup(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, pool);
        } catch (RejectedExecutionException e) {
            LOG.warn("auth lookup refused: {} lookups already wait (or the server is stopping)", pool.getQueue().size());
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String ip(AuthRequest request) {
        return request.remoteIp() == null ? "" : request.remoteIp().getHostAddress();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        timer.shutdownNow();
        drivers.close();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
