package org.colombier.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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

/**
 * The passdb and userdb chains of a configuration, each driver found by name through
 * {@link ServiceLoader}. The chains behave as Dovecot's with its default {@code result_*} settings:
 * the first passdb that accepts the password (the first userdb that knows the user) answers; a
 * failure or a temporary failure moves on to the next; when none answers, a temporary failure on
 * the way makes the whole lookup a temporary failure.
 */
public final class AuthDrivers implements AutoCloseable {
    private final List<PassDb> passdbs;
    private final List<UserDb> userdbs;

    private AuthDrivers(List<PassDb> passdbs, List<UserDb> userdbs) {
        this.passdbs = List.copyOf(passdbs);
        this.userdbs = List.copyOf(userdbs);
    }

    /** Opens every passdb and userdb section in order; on a configuration error the ones opened are closed. */
    public static AuthDrivers fromConfig(List<DriverSettings> passdbs, List<DriverSettings> userdbs)
            throws AuthConfigException {
        Map<String, PassDbProvider> passProviders = providers(PassDbProvider.class, PassDbProvider::driver);
        Map<String, UserDbProvider> userProviders = providers(UserDbProvider.class, UserDbProvider::driver);
        List<PassDb> openPass = new ArrayList<>();
        List<UserDb> openUser = new ArrayList<>();
        try {
            for (DriverSettings s : passdbs) {
                openPass.add(provider(passProviders, s, "passdb").create(s));
            }
            for (DriverSettings s : userdbs) {
                openUser.add(provider(userProviders, s, "userdb").create(s));
            }
        } catch (AuthConfigException | RuntimeException e) {
            new AuthDrivers(openPass, openUser).close();
            throw e;
        }
        return new AuthDrivers(openPass, openUser);
    }

    /**
     * The passdb and userdb of a configuration that names none: the embedded H2 database at
     * {@code h2_path}, or {@code state_dir/auth-users} when that is empty.
     */
    public static DriverSettings embeddedDatabase(String stateDir, String h2Path) {
        return new DriverSettings("sql", "embedded", Map.of("sql_driver", "h2", "state_dir", stateDir, "h2_path", h2Path));
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

    /** Checks a plaintext password along the passdb chain. */
    public AuthResult verifyPlain(AuthRequest request, String password) {
        AuthResult answer = new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
        AuthResult.TempFail tempFail = null;
        for (PassDb passdb : passdbs) {
            AuthResult result = passdb.verifyPlain(request, password);
            if (result instanceof AuthResult.Ok) {
                return result;
            }
            if (result instanceof AuthResult.TempFail t) {
                tempFail = tempFail == null ? t : tempFail;
            } else if (((AuthResult.Failed) result).reason() != AuthResult.Reason.UNKNOWN_USER) {
                answer = result;
            }
        }
        return tempFail != null ? tempFail : answer;
    }

    /** Looks the stored credentials up along the passdb chain ({@code doveadm auth lookup}, CRAM-MD5, SCRAM). */
    public CredentialsResult lookupCredentials(AuthRequest request) {
        CredentialsResult answer = new CredentialsResult.NotFound();
        CredentialsResult.TempFail tempFail = null;
        for (PassDb passdb : passdbs) {
            CredentialsResult result = passdb.lookupCredentials(request);
            if (result instanceof CredentialsResult.Found) {
                return result;
            }
            if (result instanceof CredentialsResult.TempFail t) {
                tempFail = tempFail == null ? t : tempFail;
            } else if (result instanceof CredentialsResult.Unsupported && answer instanceof CredentialsResult.NotFound) {
                answer = result;
            }
        }
        return tempFail != null ? tempFail : answer;
    }

    /** Looks a user up along the userdb chain. */
    public UserLookup lookup(String user) {
        UserLookup.TempFail tempFail = null;
        for (UserDb userdb : userdbs) {
            UserLookup result = userdb.lookup(user);
            if (result instanceof UserLookup.Found) {
                return result;
            }
            if (result instanceof UserLookup.TempFail t && tempFail == null) {
                tempFail = t;
            }
        }
        return tempFail != null ? tempFail : new UserLookup.NotFound();
    }

    /** Every user the userdbs can list, each once, in order: for user masks and {@code doveadm -A}. */
    public List<String> users() {
        Set<String> users = new LinkedHashSet<>();
        for (UserDb userdb : userdbs) {
            try (Stream<String> names = userdb.iterate()) {
                names.forEach(users::add);
            }
        }
        return List.copyOf(users);
    }

    @Override
    public void close() {
        passdbs.forEach(PassDb::close);
        userdbs.forEach(UserDb::close);
    }
}
