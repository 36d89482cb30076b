package org.colombier.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
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
import org.colombier.auth.ResultRules.Outcome;
import org.colombier.auth.cache.AuthCache;
import org.colombier.auth.cache.CachedPassDb;
import org.colombier.auth.cache.CachedUserDb;

/**
 * The passdb and userdb chains of a configuration, each driver found by name through
 * {@link ServiceLoader}. The chains follow Dovecot's rules: each section's {@code result_success},
 * {@code result_failure} and {@code result_internalfail} say whether to stop or go on and whether
 * authentication has succeeded so far; when the chain ends without success, a temporary failure on
 * the way makes the whole lookup a temporary failure. A {@code deny = yes} passdb that knows the
 * user refuses the login.
 * <p>
 * {@code master = yes} passdbs form a chain of their own, asked only for master logins
 * ({@code user*master} with {@code auth_master_user_separator}, or PLAIN's authorization identity):
 * the master user's password is checked there, never in the ordinary passdbs, and the login then
 * becomes the user's. When the master passdb that verified says {@code result_success = continue},
 * the user must also be known to the ordinary passdb chain (its credentials are looked up, not
 * checked), as Dovecot's documentation advises; otherwise only the userdb lookup that follows
 * vouches for the user. The master passdb's extra fields describe the master and are not passed on.
 * Unlike Dovecot, a passdb after one whose success said {@code continue} checks the password again.
 * A section whose {@code skip} rule applies is passed over. With an {@link AuthCache}, every
 * passdb but deny ones and every userdb answers from it when it can.
 */
public final class AuthDrivers implements MasterLogins, AutoCloseable {
    /** The answers of a deny passdb that knows the user, told apart from any other by identity. */
    private static final AuthResult DENIED = new AuthResult.Failed(AuthResult.Reason.DISABLED);
    private static final CredentialsResult DENIED_CREDENTIALS = new CredentialsResult.NotFound();

    /** @param checksLoginUser a master passdb whose success continues: the login user must be in the passdbs */
    private record Section<D>(D db, ResultRules rules, boolean deny, boolean checksLoginUser) {
        Section(D db, ResultRules rules, boolean deny) {
            this(db, rules, deny, false);
        }
    }

    private final List<Section<PassDb>> passdbs;
    private final List<Section<PassDb>> masterdbs;
    private final List<Section<UserDb>> userdbs;
    private final String masterUserSeparator;

    private AuthDrivers(List<Section<PassDb>> passdbs, List<Section<PassDb>> masterdbs, List<Section<UserDb>> userdbs,
                        String masterUserSeparator) {
        this.passdbs = List.copyOf(passdbs);
        this.masterdbs = List.copyOf(masterdbs);
        this.userdbs = List.copyOf(userdbs);
        this.masterUserSeparator = masterUserSeparator;
    }

    /** Opens every passdb and userdb section in order, without a cache. */
    public static AuthDrivers fromConfig(List<DriverSettings> passdbs, List<DriverSettings> userdbs)
            throws AuthConfigException {
        return fromConfig(passdbs, userdbs, null, "");
    }

    /**
     * Opens every passdb and userdb section in order, each behind {@code cache} when it is not null;
     * on a configuration error the ones opened are closed. {@code masterUserSeparator} is
     * {@code auth_master_user_separator} (empty: master logins only through an authorization identity).
     */
    public static AuthDrivers fromConfig(List<DriverSettings> passdbs, List<DriverSettings> userdbs, AuthCache cache,
                                         String masterUserSeparator) throws AuthConfigException {
        Map<String, PassDbProvider> passProviders = providers(PassDbProvider.class, PassDbProvider::driver);
        Map<String, UserDbProvider> userProviders = providers(UserDbProvider.class, UserDbProvider::driver);
        List<Section<PassDb>> openPass = new ArrayList<>();
        List<Section<PassDb>> openMaster = new ArrayList<>();
        List<Section<UserDb>> openUser = new ArrayList<>();
        try {
            for (DriverSettings s : passdbs) {
                boolean master = DriverOptions.bool(s, "passdb_master", false) || DriverOptions.bool(s, "master", false);
                ResultRules rules = ResultRules.of(s, "passdb");
                boolean deny = DriverOptions.bool(s, "passdb_deny", false) || DriverOptions.bool(s, "deny", false);
                PassDb db = provider(passProviders, s, "passdb").create(s);
                List<Section<PassDb>> chain = master ? openMaster : openPass;
                if (cache != null && !deny) {
                    // master entries have keys of their own: a master's password never answers for an ordinary login
                    db = new CachedPassDb(db, cache, (master ? "master passdb " : "passdb ") + chain.size(), s);
                }
                chain.add(master ? masterSection(db, rules, deny) : new Section<>(db, rules, deny));
            }
            for (DriverSettings s : userdbs) {
                ResultRules rules = ResultRules.of(s, "userdb");
                UserDb db = provider(userProviders, s, "userdb").create(s);
                openUser.add(new Section<>(cache == null ? db : new CachedUserDb(db, cache, "userdb " + openUser.size()),
                        rules, false));
            }
        } catch (AuthConfigException | RuntimeException e) {
            new AuthDrivers(openPass, openMaster, openUser, "").close();
            throw e;
        }
        return new AuthDrivers(openPass, openMaster, openUser, masterUserSeparator);
    }

    /**
     * A master passdb whose success says continue goes on to the ordinary passdbs, not to the next
     * master passdb: within the master chain its success ends the chain.
     */
    private static Section<PassDb> masterSection(PassDb db, ResultRules rules, boolean deny) {
        boolean continues = rules.success() == ResultRules.Action.CONTINUE
                || rules.success() == ResultRules.Action.CONTINUE_OK;
        ResultRules inChain = continues
                ? new ResultRules(rules.skip(), ResultRules.Action.RETURN_OK, rules.failure(), rules.internalFail()) : rules;
        return new Section<>(db, inChain, deny, continues);
    }

    /**
     * Chains already open databases with Dovecot's default rules (no deny, no master), for callers
     * that build the drivers themselves; the chain closes them.
     */
    public static AuthDrivers of(List<PassDb> passdbs, List<UserDb> userdbs) {
        ResultRules defaults = ResultRules.defaults();
        return new AuthDrivers(passdbs.stream().map(db -> new Section<>(db, defaults, false)).toList(), List.of(),
                userdbs.stream().map(db -> new Section<>(db, defaults, false)).toList(), "");
    }

    private static <P> Map<String, P> providers(Class<P> type, Function<P, String> driver) {
        Map<String, P> byName = new HashMap<>();
        for (P provider : ServiceLoader.load(type)) {
            byName.putIfAbsent(driver.apply(provider), provider);
        }
        return byName;
    }

    private static <P> P provider(Map<String, P> providers, DriverSettings s, String kind) throws AuthConfigException {
        P provider = providers.get(s.driver());
        if (provider == null) {
            throw new AuthConfigException(kind + " " + s.name() + ": unknown driver " + s.driver()
                    + " (known: " + String.join(", ", new TreeSet<>(providers.keySet())) + ")");
        }
        return provider;
    }

    /**
     * Checks a plaintext password along the passdb chain; a {@code user*master} name (with the
     * separator set) is a master login.
     */
    public AuthResult verifyPlain(AuthRequest request, String password) {
        Optional<MasterLogin> master = MasterLogin.parse(request.user(), masterUserSeparator);
        if (master.isPresent()) {
            return verifyMaster(request.withUser(master.get().masterUser()), master.get().loginUser(), password);
        }
        return verifyOwnPassword(request, password);
    }

    private AuthResult verifyOwnPassword(AuthRequest request, String password) {
        return run(passdbs, section -> verifyPlain(section, request, password), AuthDrivers::classify,
                r -> r == DENIED,
                () -> new AuthResult.Ok(request.user(), Map.of()),
                new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
    }

    /**
     * A master login: {@code master}'s password along the master passdb chain, then the login is
     * {@code loginUser}'s. The same name on both sides is an ordinary login, as in Dovecot.
     */
    @Override
    public AuthResult verifyMaster(AuthRequest master, String loginUser, String password) {
        if (loginUser.equals(master.user())) {
            return verifyOwnPassword(master, password);
        }
        // no forced success here: a master login needs a password a master passdb verified
        MasterAnswer answer = run(masterdbs,
                section -> new MasterAnswer(verifyPlain(section, master, password), section.checksLoginUser()),
                a -> classify(a.result()), a -> a.result() == DENIED, () -> null,
                new MasterAnswer(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER), false));
        if (!(answer.result() instanceof AuthResult.Ok ok)) {
            return answer.result();
        }
        if (!answer.checksLoginUser()) {
            return new AuthResult.Ok(loginUser, Map.of(), ok.user());
        }
        CredentialsResult target = lookupCredentials(master.withUser(loginUser));
        if (target instanceof CredentialsResult.Found found) {
            return found.extraFields().containsKey("nologin") ? new AuthResult.Failed(AuthResult.Reason.DISABLED)
                    : new AuthResult.Ok(found.user(), found.extraFields(), ok.user());
        }
        if (target instanceof CredentialsResult.TempFail t) {
            return new AuthResult.TempFail(t.detail());
        }
        return new AuthResult.Failed(target == DENIED_CREDENTIALS ? AuthResult.Reason.DISABLED : AuthResult.Reason.UNKNOWN_USER);
    }

    /** A master passdb's answer, with whether that passdb wants the login user checked in the ordinary passdbs. */
    private record MasterAnswer(AuthResult result, boolean checksLoginUser) {
    }

    private static AuthResult verifyPlain(Section<PassDb> section, AuthRequest request, String password) {
        AuthResult r = section.db().verifyPlain(request, password);
        return section.deny() ? denied(r) : r;
    }

    private static Outcome classify(AuthResult r) {
        return r instanceof AuthResult.Ok ? Outcome.SUCCESS
                : r instanceof AuthResult.TempFail ? Outcome.INTERNAL_FAILURE : Outcome.FAILURE;
    }

    /** Looks the stored credentials up along the passdb chain ({@code doveadm auth lookup}, CRAM-MD5, SCRAM). */
    public CredentialsResult lookupCredentials(AuthRequest request) {
        return run(passdbs, section -> section.deny() ? deniedCredentials(section.db().verifyPlain(request, ""))
                        : section.db().lookupCredentials(request),
                r -> r instanceof CredentialsResult.Found ? Outcome.SUCCESS
                        : r instanceof CredentialsResult.TempFail ? Outcome.INTERNAL_FAILURE : Outcome.FAILURE,
                r -> r == DENIED_CREDENTIALS,
                () -> null,
                new CredentialsResult.NotFound());
    }

    /** The passdb chain as one {@link PassDb}, for the SASL mechanisms; closing it closes nothing. */
    public PassDb passDb() {
        return new PassDb() {
            @Override
            public AuthResult verifyPlain(AuthRequest request, String password) {
                return AuthDrivers.this.verifyPlain(request, password);
            }

            @Override
            public CredentialsResult lookupCredentials(AuthRequest request) {
                return AuthDrivers.this.lookupCredentials(request);
            }
        };
    }

    /** Whether any userdb is configured (with none, the passdb's answer is all there is). */
    public boolean hasUserDbs() {
        return !userdbs.isEmpty();
    }

    /** Looks a user up along the userdb chain. */
    public UserLookup lookup(String user) {
        return run(userdbs, section -> section.db().lookup(user),
                r -> r instanceof UserLookup.Found ? Outcome.SUCCESS
                        : r instanceof UserLookup.TempFail ? Outcome.INTERNAL_FAILURE : Outcome.FAILURE,
                r -> false,
                () -> null,
                new UserLookup.NotFound());
    }

    /**
     * A deny passdb, as in Dovecot: any answer but "unknown user" (a wrong password included: its
     * entries need none) means the user is listed and refused; not listed lets the chain go on.
     */
    private static AuthResult denied(AuthResult r) {
        return r instanceof AuthResult.TempFail || isUnknown(r) ? r : DENIED;
    }

    private static CredentialsResult deniedCredentials(AuthResult r) {
        return r instanceof AuthResult.TempFail t ? new CredentialsResult.TempFail(t.detail())
                : isUnknown(r) ? new CredentialsResult.NotFound() : DENIED_CREDENTIALS;
    }

    private static boolean isUnknown(Object r) {
        return r instanceof AuthResult.Failed f && f.reason() == AuthResult.Reason.UNKNOWN_USER;
    }

    /**
     * Runs a chain: each section's answer, classified, picks its action; a denial ends it at once. A section
     * whose skip rule matches (some earlier section answered with success, or none did) is not asked.
     *
     * @param forcedOk the answer when a rule declares success without a successful answer (null: none)
     * @param none     the answer when nobody knew the user
     */
    private static <D, R> R run(List<Section<D>> sections, Function<Section<D>, R> ask, Function<R, Outcome> classify,
            Predicate<R> denial, Supplier<R> forcedOk, R none) {
        boolean succeeded = false;
        R ok = null;
        R failure = none;
        R tempFail = null;
        for (Section<D> section : sections) {
            if (section.rules().skip().skips(ok != null)) {
                continue;
            }
            R answer = ask.apply(section);
            if (denial.test(answer)) {
                return answer;
            }
            Outcome outcome = classify.apply(answer);
            switch (outcome) {
                case SUCCESS -> ok = answer;
                case INTERNAL_FAILURE -> tempFail = tempFail == null ? answer : tempFail;
                case FAILURE -> failure = knowsMore(answer, failure) ? answer : failure;
            }
            ResultRules.Action action = section.rules().after(outcome);
            succeeded = action.succeeded(outcome, succeeded);
            if (action.stops()) {
                break;
            }
        }
        if (succeeded) {
            R answer = ok != null ? ok : forcedOk.get();
            if (answer != null) {
                return answer;
            }
        }
        return tempFail != null ? tempFail : failure;
    }

    /** A failure that says more than "unknown user" (a wrong password, a disabled account) is the one reported. */
    private static <R> boolean knowsMore(R answer, R before) {
        return !isUnknown(answer)
                && !(answer instanceof CredentialsResult.NotFound && before instanceof CredentialsResult.Unsupported);
    }

    /** Every user the userdbs can list, each once, in order: for user masks and {@code doveadm -A}. */
    public List<String> users() {
        Set<String> users = new LinkedHashSet<>();
        for (Section<UserDb> userdb : userdbs) {
            try (Stream<String> names = userdb.db().iterate()) {
                names.forEach(users::add);
            }
        }
        return List.copyOf(users);
    }

    @Override
    public void close() {
        passdbs.forEach(s -> s.db().close());
        masterdbs.forEach(s -> s.db().close());
        userdbs.forEach(s -> s.db().close());
    }
}
