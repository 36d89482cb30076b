package org.colombier.server.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
import org.colombier.api.auth.PassDbProvider;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserDbProvider;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.colombier.auth.sasl.SaslContext;
import org.colombier.auth.sasl.SaslMechanisms;
import org.colombier.auth.sasl.SaslServer;
import org.colombier.auth.sasl.SaslStep;
import org.colombier.config.AuthSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs users in for every protocol, as Dovecot's auth process does: the passdbs are asked in
 * order (the next one only for an unknown user), the userdbs then say where the user's mail is.
 * Lookups may block (SQL, PAM), so they run on a small bounded pool of their own and each answer
 * is a {@link CompletableFuture}; a failure is answered only after the per-address
 * {@link LoginPenalty}, scheduled on a timer, so no thread sleeps. Passwords and SASL payloads are
 * never logged.
 */
public final class Authenticator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("auth");
    private static final int THREADS = 8;
    private static final int QUEUE = 1024;

    private final PassDbChain passdb;
    private final List<UserDb> userdbs;
    private final AuthSettings settings;
    private final String hostname;
    private final LoginPenalty penalty;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;

    public Authenticator(List<PassDb> passdbs, List<UserDb> userdbs, AuthSettings settings, String hostname) {
        this.passdb = new PassDbChain(passdbs);
        this.userdbs = List.copyOf(userdbs);
        this.settings = settings;
        this.hostname = hostname;
        this.penalty = new LoginPenalty(settings.failureDelay());
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                daemon("auth-lookup"));
        this.pool.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("auth-delay"));
    }

    /** Creates the passdb and userdb drivers named in the configuration through {@link ServiceLoader}. */
    public static Authenticator create(List<DriverSettings> passdbs, List<DriverSettings> userdbs,
                                       AuthSettings settings, String hostname) throws AuthConfigException {
        List<PassDb> p = new ArrayList<>();
        List<UserDb> u = new ArrayList<>();
        try {
            for (DriverSettings s : passdbs) {
                p.add(provider(PassDbProvider.class, s, PassDbProvider::driver, "passdb").create(s));
            }
            for (DriverSettings s : userdbs) {
                u.add(provider(UserDbProvider.class, s, UserDbProvider::driver, "userdb").create(s));
            }
        } catch (AuthConfigException | RuntimeException e) {
            p.forEach(PassDb::close);
            u.forEach(UserDb::close);
            throw e;
        }
        return new Authenticator(p, u, settings, hostname);
    }

    private static <T> T provider(Class<T> type, DriverSettings s, java.util.function.Function<T, String> name,
                                  String what) throws AuthConfigException {
        for (T provider : ServiceLoader.load(type)) {
            if (name.apply(provider).equals(s.driver())) {
                return provider;
            }
        }
        throw new AuthConfigException(what + " " + s.name() + ": unknown driver " + s.driver());
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
        return lookup(() -> passdb.verifyPlain(request, password))
                .thenCompose(result -> finish(request, result, null));
    }

    /**
     * A challenge-response login outside SASL (POP3 APOP): the chain's stored credentials for the
     * request's user go to {@code check}, which says whether the client's proof matches them.
     */
    public CompletableFuture<LoginResult> verifyCredentials(AuthRequest request,
                                                            Function<CredentialsResult, AuthResult> check) {
        return lookup(() -> check.apply(passdb.lookupCredentials(request)))
                .thenCompose(result -> finish(request, result, null));
    }

    /** Starts an exchange for {@code mechanism} if it is offered (see {@link #mechanisms}). */
    public Optional<SaslServer> sasl(String mechanism, AuthRequest request, boolean cleartextAllowed) {
        if (!mechanisms(cleartextAllowed).contains(mechanism.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return SaslMechanisms.create(mechanism, SaslContext.of(passdb, request, hostname, settings.allowWeakSchemes()));
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
        UserLookup result = new UserLookup.NotFound();
        for (UserDb userdb : userdbs) {
            result = userdb.lookup(user);
            if (!(result instanceof UserLookup.NotFound)) {
                return result;
            }
        }
        return userdbs.isEmpty() ? new UserLookup.Found(new UserRecord(user, null, java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty(), Map.of())) : result;
    }

    /**
     * False only when every userdb can list its users and none has any: then nobody can log in
     * and the admin is told at startup.
     */
    public boolean hasUsers() {
        if (userdbs.isEmpty()) {
            return true;
        }
        for (UserDb userdb : userdbs) {
            try (java.util.stream.Stream<String> users = userdb.iterate()) {
                if (users.findAny().isPresent()) {
                    return true;
                }
            } catch (RuntimeException e) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<LoginResult> finish(AuthRequest request, AuthResult result, byte[] successData) {
        if (result instanceof AuthResult.Ok ok) {
            return lookup(() -> userRecord(ok)).thenCompose(lookup -> {
                if (lookup instanceof UserLookup.Found found) {
                    penalty.succeeded(request.remoteIp());
                    LOG.info("{}: login: user=<{}>, rip={}", request.service(), found.user().user(), ip(request));
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
        passdb.close();
        userdbs.forEach(UserDb::close);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
