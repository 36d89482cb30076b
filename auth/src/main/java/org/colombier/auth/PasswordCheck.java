package org.colombier.auth;

import java.util.Map;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.AuthResult;
import org.colombier.auth.scheme.PasswordSchemes;

/** Turns a stored password check into the passdb answer, the same way in every driver. */
public record PasswordCheck(PasswordSchemes schemes, String defaultScheme, boolean allowWeak) {
    /** From {@code passdb_default_password_scheme} (else the driver's default) and {@code auth_allow_weak_schemes}. */
    public static PasswordCheck fromSettings(DriverSettings settings, String driverDefaultScheme) throws AuthConfigException {
        String scheme = settings.get(DriverOptions.DEFAULT_PASSWORD_SCHEME, driverDefaultScheme);
        if (PasswordSchemes.defaults().find(scheme).isEmpty()) {
            throw new AuthConfigException(settings.driver() + ": unknown " + DriverOptions.DEFAULT_PASSWORD_SCHEME + " " + scheme);
        }
        return new PasswordCheck(PasswordSchemes.defaults(), scheme,
                DriverOptions.bool(settings, DriverOptions.ALLOW_WEAK_SCHEMES, false));
    }

    public AuthResult check(String user, String password, String stored, Map<String, String> extraFields) {
        if (stored == null || stored.isEmpty()) {
            return extraFields.containsKey("nopassword")
                    ? ok(user, extraFields) : new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH);
        }
        return switch (schemes.verify(password, stored, defaultScheme, allowWeak)) {
            case MATCH -> ok(user, extraFields);
            case MISMATCH -> new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH);
            case WEAK_REFUSED, UNKNOWN_SCHEME, INVALID -> new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED);
        };
    }

    /** The stored password with its scheme made explicit, as credentials lookups hand it out. */
    public String withScheme(String stored) {
        return stored.startsWith("{") || stored.startsWith("$1$") ? stored : "{" + defaultScheme + "}" + stored;
    }

    private static AuthResult ok(String user, Map<String, String> extraFields) {
        return extraFields.containsKey("nologin")
                ? new AuthResult.Failed(AuthResult.Reason.DISABLED) : new AuthResult.Ok(user, extraFields);
    }
}
