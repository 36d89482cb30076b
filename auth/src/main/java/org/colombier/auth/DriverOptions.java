package org.colombier.auth;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;

/** Typed reads of a driver section's settings, with Dovecot's names and boolean spelling. */
public final class DriverOptions {
    /** {@code auth_allow_weak_schemes}: verify weak password schemes (default no, as in Dovecot 2.4). */
    public static final String ALLOW_WEAK_SCHEMES = "auth_allow_weak_schemes";
    /** {@code passdb_default_password_scheme}: the scheme of passwords stored without a {@code {SCHEME}} prefix. */
    public static final String DEFAULT_PASSWORD_SCHEME = "passdb_default_password_scheme";

    private DriverOptions() {
    }

    public static boolean bool(DriverSettings settings, String key, boolean defaultValue) throws AuthConfigException {
        String value = settings.settings().get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "y", "1" -> true;
            case "no", "false", "n", "0" -> false;
            default -> throw new AuthConfigException(settings.driver() + ": " + key + " must be yes or no, not " + value);
        };
    }

    public static String required(DriverSettings settings, String key) throws AuthConfigException {
        String value = settings.settings().get(key);
        if (value == null || value.isBlank()) {
            throw new AuthConfigException(settings.driver() + " " + settings.name() + ": " + key + " is not set");
        }
        return value.strip();
    }

    /** The first of several accepted names that is set (a 2.4 long name, then its short in-section form). */
    public static String firstOf(DriverSettings settings, String... keys) {
        for (String key : keys) {
            String value = settings.settings().get(key);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /** The settings under {@code prefix/}, e.g. {@code fields/uid}, by the part after the slash. */
    public static Map<String, String> group(DriverSettings settings, String prefix) {
        Map<String, String> group = new TreeMap<>();
        settings.settings().forEach((key, value) -> {
            if (key.startsWith(prefix + "/")) {
                group.put(key.substring(prefix.length() + 1), value);
            }
        });
        return group;
    }
}
