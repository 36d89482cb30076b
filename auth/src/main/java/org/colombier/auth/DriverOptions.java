package org.colombier.auth;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;

/** Typed reads of a driver section's settings, with Dovecot's names and boolean spelling. */
public final class DriverOptions {
    /** {@code auth_allow_weak_schemes}: verify weak password schemes (default no, as in Dovecot 2.4). */
    public static final String ALLOW_WEAK_SCHEMES = "auth_allow_weak_schemes";
    /** {@code passdb_default_password_scheme}: the scheme of passwords stored without a {@code {SCHEME}} prefix. */
    public static final String DEFAULT_PASSWORD_SCHEME = "passdb_default_password_scheme";

    private static final Pattern TIME = Pattern.compile("(\\d+)\\s*(ms|msecs?|s|secs?|m|mins?)?");

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

    /** A Dovecot time value ({@code 5s}, {@code 500ms}, {@code 1m}; a bare number is seconds) in milliseconds. */
    public static long millis(DriverSettings settings, String key, String value) throws AuthConfigException {
        Matcher m = TIME.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new AuthConfigException(settings.driver() + ": " + key + " is not a time: " + value);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return unit.startsWith("ms") ? n : unit.startsWith("m") ? n * 60_000 : n * 1000;
    }

    /** A positive count, or the default when unset. */
    public static int count(DriverSettings settings, String key, int defaultValue) throws AuthConfigException {
        String value = firstOf(settings, key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new AuthConfigException(settings.driver() + ": " + key + " must be a positive number, not " + value);
        }
    }
}
