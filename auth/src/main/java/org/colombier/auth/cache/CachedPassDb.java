package org.colombier.auth.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.template.Template;
import org.colombier.api.template.TemplateException;
import org.colombier.auth.AuthTemplates;
import org.colombier.auth.scheme.PasswordSchemes;
import org.colombier.auth.scheme.VerifyResult;

/**
 * One passdb behind the {@link AuthCache}. A successful login caches the user's canonical name,
 * the extra fields and a salted SHA-512 of the password that verified (what Dovecot caches for a
 * passdb that only verifies, like PAM): the plaintext is never kept, and a hit costs one hash
 * whatever slow scheme the database uses. A password that does not match the cached entry is
 * checked against the database again, so a changed password works at once; the database's
 * "mismatch" then drops the entry. An unknown user is cached as a negative entry. When the
 * database fails temporarily, an expired entry still answers.
 * <p>
 * The key is the database, the user and the request variables the section's settings use (an SQL
 * query with {@code %{remote_ip}} caches per address), as Dovecot builds its cache keys.
 */
public final class CachedPassDb implements PassDb {
    private static final String CACHED_SCHEME = "SSHA512";
    private static final List<String> REQUEST_VARIABLES = List.of("service", "remote_ip", "local_ip");

    /** What a successful login leaves in the cache. */
    private record CachedLogin(String user, String passwordHash, Map<String, String> extraFields) {
        long size() {
            long size = 2L * (user.length() + passwordHash.length());
            for (Map.Entry<String, String> e : extraFields.entrySet()) {
                size += 2L * (e.getKey().length() + e.getValue().length()) + 32;
            }
            return size;
        }
    }

    private final PassDb db;
    private final AuthCache cache;
    private final String id;
    private final List<String> keyVariables;

    /** {@code id} tells this section's entries from the other databases' ({@code passdb 0}, ...). */
    public CachedPassDb(PassDb db, AuthCache cache, String id, DriverSettings settings) {
        this.db = db;
        this.cache = cache;
        this.id = id;
        this.keyVariables = usedVariables(settings);
    }

    /** The request variables (besides the user) any of the section's settings refers to. */
    private static List<String> usedVariables(DriverSettings settings) {
        Set<String> used = new TreeSet<>();
        for (String value : settings.settings().values()) {
            try {
                for (Template.Part part : Template.parseText(value).parts()) {
                    if (part instanceof Template.Variable v && REQUEST_VARIABLES.contains(v.name())) {
                        used.add(v.name());
                    }
                }
            } catch (TemplateException e) {
                // not a template (the driver itself refuses a bad one); it uses no variable
            }
        }
        return List.copyOf(used);
    }

    private String key(AuthRequest request) {
        StringBuilder key = new StringBuilder(id).append('\0').append(request.user());
        if (!keyVariables.isEmpty()) {
            Map<String, String> vars = AuthTemplates.of(request).extra();
            for (String name : keyVariables) {
                key.append('\0').append(vars.get(name));
            }
        }
        return key.toString();
    }

    @Override
    public AuthResult verifyPlain(AuthRequest request, String password) {
        String key = key(request);
        Optional<AuthCache.Hit> hit = cache.lookup(key);
        if (hit.isPresent() && !hit.get().expired()) {
            Optional<AuthResult> cached = answer(hit.get(), password);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        AuthResult result = db.verifyPlain(request, password);
        if (result instanceof AuthResult.Ok ok) {
            CachedLogin login = new CachedLogin(ok.user(), PasswordSchemes.defaults().generate(CACHED_SCHEME, password),
                    ok.extraFields());
            cache.put(key, request.user(), login, login.size());
        } else if (result instanceof AuthResult.Failed failed && failed.reason() == AuthResult.Reason.UNKNOWN_USER) {
            cache.put(key, request.user(), null, 0);
        } else if (result instanceof AuthResult.TempFail && hit.isPresent()) {
            return answer(hit.get(), password).orElse(result);
        } else if (result instanceof AuthResult.Failed) {
            cache.remove(key);
        }
        return result;
    }

    /** The cache's answer, or empty when the password differs from the cached one (the database must say). */
    private static Optional<AuthResult> answer(AuthCache.Hit hit, String password) {
        if (hit.value().isEmpty()) {
            return Optional.of(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
        }
        CachedLogin login = (CachedLogin) hit.value().get();
        if (PasswordSchemes.defaults().verify(password, login.passwordHash(), false) == VerifyResult.MATCH) {
            return Optional.of(new AuthResult.Ok(login.user(), login.extraFields()));
        }
        return Optional.empty();
    }

    /** Challenge-response lookups need the stored credentials, which the cache does not keep: always the database. */
    @Override
    public CredentialsResult lookupCredentials(AuthRequest request) {
        return db.lookupCredentials(request);
    }

    @Override
    public void close() {
        db.close();
    }
}
