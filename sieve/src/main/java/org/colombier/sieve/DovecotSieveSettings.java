package org.colombier.sieve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds {@link SieveSettings} from Dovecot setting names and value syntax ("1d", "7 days", "1M", "yes"), so the
 * server can hand over what it read from dovecot.conf without knowing Sieve's records. Absent names keep defaults.
 */
public final class DovecotSieveSettings {
    private static final Pattern AMOUNT = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]*)\\s*");

    private DovecotSieveSettings() {
    }

    /** @throws IllegalArgumentException naming the setting whose value is malformed */
    public static SieveSettings from(Map<String, String> settings) {
        SieveSettings d = SieveSettings.defaults();
        return new SieveSettings(
                settings.containsKey("sieve_extensions") ? Extensions.parse(settings.get("sieve_extensions")) : d.extensions(),
                duration(settings, "sieve_vacation_min_period", d.vacationMinPeriod()),
                duration(settings, "sieve_vacation_default_period", d.vacationDefaultPeriod()),
                duration(settings, "sieve_vacation_max_period", d.vacationMaxPeriod()),
                bool(settings, "sieve_vacation_dont_check_recipient", d.vacationDontCheckRecipient()),
                size(settings, "sieve_max_script_size", d.maxScriptSize()),
                (int) number(settings, "sieve_max_actions", d.maxActions()),
                (int) number(settings, "sieve_max_redirects", d.maxRedirects()),
                settings.getOrDefault("recipient_delimiter", d.recipientDelimiter()),
                d.maxNesting(),
                (int) number(settings, "sieve_include_max_nesting_depth", d.includeMaxNesting()),
                (int) number(settings, "sieve_include_max_includes", d.includeMaxIncludes()),
                (int) size(settings, "sieve_variables_max_variable_size", d.maxVariableSize()),
                (int) number(settings, "sieve_variables_max_scope_size", d.maxVariables()),
                d.regexBudget(),
                duration(settings, "sieve_duplicate_default_period", d.duplicateDefaultPeriod()),
                duration(settings, "sieve_duplicate_max_period", d.duplicateMaxPeriod()),
                duration(settings, "sieve_redirect_duplicate_period", d.redirectDuplicatePeriod()),
                settings.containsKey("sieve_editheader_protected")
                        ? Arrays.stream(settings.get("sieve_editheader_protected").trim().split("\\s+"))
                        .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet())
                        : Set.of(),
                scoreTest(settings, "sieve_spamtest", 10),
                scoreTest(settings, "sieve_virustest", 5));
    }

    /** "header: regex" as in {@code sieve_spamtest_status_header = X-Spam-Score: ([0-9.]+)}. */
    private static SieveSettings.ScoreTestSettings scoreTest(Map<String, String> s, String prefix, int levels) {
        String statusHeader = s.get(prefix + "_status_header");
        if (statusHeader == null || statusHeader.isBlank()) {
            return null;
        }
        int colon = statusHeader.indexOf(':');
        String header = (colon < 0 ? statusHeader : statusHeader.substring(0, colon)).trim();
        String regex = colon < 0 ? null : statusHeader.substring(colon + 1).trim();
        if (regex != null && !regex.isEmpty()) {
            try {
                Pattern.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException(prefix + "_status_header: invalid regular expression: " + e.getDescription());
            }
        }
        String type = s.getOrDefault(prefix + "_status_type", "score").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("score", "strlen", "text").contains(type)) {
            throw new IllegalArgumentException(prefix + "_status_type: expected score, strlen or text, not '" + type + "'");
        }
        double max;
        try {
            max = Double.parseDouble(s.getOrDefault(prefix + "_max_value", "0").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + "_max_value: not a number: " + s.get(prefix + "_max_value"));
        }
        if (type.equals("score") && max <= 0) {
            throw new IllegalArgumentException(prefix + "_max_value must be positive for status type score");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i <= levels; i++) {
            texts.add(s.get(prefix + "_text_value" + i));
        }
        return new SieveSettings.ScoreTestSettings(header, regex == null || regex.isEmpty() ? null : regex, type, max,
                texts);
    }

    private static boolean bool(Map<String, String> s, String name, boolean dflt) {
        String v = s.get(name);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1" -> true;
            case "no", "false", "0" -> false;
            default -> throw new IllegalArgumentException(name + ": expected yes or no, not '" + v + "'");
        };
    }

    private static long number(Map<String, String> s, String name, long dflt) {
        String v = s.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a non-negative number, not '" + v + "'");
        }
    }

    /** Dovecot size: a number with optional B/k/M/G/T unit (case-insensitive, "kB"/"MB" accepted). */
    static long size(Map<String, String> s, String name, long dflt) {
        String v = s.get(name);
        if (v == null) {
            return dflt;
        }
        if (v.trim().equalsIgnoreCase("unlimited")) {
            return 0;
        }
        Matcher m = AMOUNT.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + ": not a size: '" + v + "'");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 0;
            case "k", "kb" -> 10;
            case "m", "mb" -> 20;
            case "g", "gb" -> 30;
            case "t", "tb" -> 40;
            default -> throw new IllegalArgumentException(name + ": unknown size unit '" + m.group(2) + "'");
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** Dovecot interval: a number with optional unit (s, m/min(s), h/hour(s), d/day(s), w/week(s)). */
    static Duration duration(Map<String, String> s, String name, Duration dflt) {
        String v = s.get(name);
        if (v == null) {
            return dflt;
        }
        Matcher m = AMOUNT.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + ": not a time interval: '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
            case "h", "hour", "hours" -> Duration.ofHours(n);
            case "d", "day", "days" -> Duration.ofDays(n);
            case "w", "week", "weeks" -> Duration.ofDays(7 * n);
            default -> throw new IllegalArgumentException(name + ": unknown time unit '" + m.group(2) + "'");
        };
    }
}
