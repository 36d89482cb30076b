package org.colombier.config;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dovecot's value syntaxes: booleans ({@code yes}/{@code no}), times ({@code 2s}, {@code 5 mins}),
 * sizes ({@code 64k}, {@code 1G}, {@code unlimited}), ports. Modules reading settings from
 * {@link ColombierConfig#global()} use these too; every value was checked when the config loaded.
 */
public final class SettingValues {
    private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");

    private SettingValues() {
    }

    public static boolean parseBool(String value, SourceLocation where, String name) throws ConfigException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true", "1" -> true;
            case "no", "n", "false", "0" -> false;
            default -> throw new ConfigException(where, "invalid boolean '" + value + "' for " + name + " (use yes or no)");
        };
    }

    /** {@code yes} or {@code no}, for values already checked when the configuration loaded. */
    public static boolean isTrue(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true", "1" -> true;
            default -> false;
        };
    }

    public static int parsePort(String value, SourceLocation where, String name) throws ConfigException {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the value as written
        }
        throw new ConfigException(where, "invalid port '" + value + "' for " + name + " (0-65535)");
    }

    /** A count; {@code unlimited} is empty. */
    public static OptionalLong parseUint(String value, SourceLocation where, String name) throws ConfigException {
        if (value.equalsIgnoreCase("unlimited")) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return OptionalLong.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below with the value as written
        }
        throw new ConfigException(where, "invalid number '" + value + "' for " + name);
    }

    /** A time; a bare number is seconds. */
    public static Duration parseDuration(String value, SourceLocation where, String name) throws ConfigException {
        Matcher m = NUMBER_UNIT.matcher(value.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms", "msec", "msecs", "millisecond", "milliseconds":
                    return Duration.ofMillis(n);
                case "", "s", "sec", "secs", "second", "seconds":
                    return Duration.ofSeconds(n);
                case "m", "min", "mins", "minute", "minutes":
                    return Duration.ofMinutes(n);
                case "h", "hour", "hours":
                    return Duration.ofHours(n);
                case "d", "day", "days":
                    return Duration.ofDays(n);
                case "w", "week", "weeks":
                    return Duration.ofDays(7 * n);
                default:
                    break;
            }
        }
        throw new ConfigException(where, "invalid time '" + value + "' for " + name + " (e.g. 2s, 500ms, 5 mins)");
    }

    /** A size in bytes (units are powers of 1024); {@code unlimited} is empty. */
    public static OptionalLong parseSize(String value, SourceLocation where, String name) throws ConfigException {
        if (value.equalsIgnoreCase("unlimited")) {
            return OptionalLong.empty();
        }
        Matcher m = NUMBER_UNIT.matcher(value.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "", "b" -> 0;
                case "k", "kb" -> 10;
                case "m", "mb" -> 20;
                case "g", "gb" -> 30;
                case "t", "tb" -> 40;
                default -> -1;
            };
            if (shift >= 0) {
                return OptionalLong.of(n << shift);
            }
        }
        throw new ConfigException(where, "invalid size '" + value + "' for " + name + " (e.g. 64k, 10M, unlimited)");
    }

    public static int parseOctal(String value, SourceLocation where, String name) throws ConfigException {
        if (value.matches("[0-7]{1,4}")) {
            return Integer.parseInt(value, 8);
        }
        throw new ConfigException(where, "invalid mode '" + value + "' for " + name + " (octal, e.g. 0600)");
    }

    /** Checks {@code value} against the kind of setting {@code name}. Empty means "unset" and is always accepted. */
    static void check(KnownSettings.Kind kind, String value, SourceLocation where, String name) throws ConfigException {
        if (value.isEmpty()) {
            return;
        }
        switch (kind) {
            case BOOL -> parseBool(value, where, name);
            case UINT -> parseUint(value, where, name);
            case PORT -> parsePort(value, where, name);
            case TIME -> parseDuration(value, where, name);
            case SIZE -> parseSize(value, where, name);
            case OCTAL -> parseOctal(value, where, name);
            case SSL -> sslMode(value, where);
            default -> {
                // free text
            }
        }
    }

    static SslMode sslMode(String value, SourceLocation where) throws ConfigException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "no" -> SslMode.NO;
            case "yes" -> SslMode.YES;
            case "required" -> SslMode.REQUIRED;
            default -> throw new ConfigException(where, "unknown ssl value '" + value + "' (use yes, no or required)");
        };
    }
}
