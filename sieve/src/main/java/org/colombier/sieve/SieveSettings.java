package org.colombier.sieve;

import java.time.Duration;
import java.util.Set;

/**
 * Limits and behaviour, named after the Dovecot 2.4 settings the server reads them from.
 *
 * @param extensions             {@code sieve_extensions}: enabled capabilities (see {@link Extensions#parse})
 * @param vacationMinPeriod      {@code sieve_vacation_min_period} (1d)
 * @param vacationDefaultPeriod  {@code sieve_vacation_default_period} (7d)
 * @param vacationMaxPeriod      {@code sieve_vacation_max_period} (60d)
 * @param vacationDontCheckRecipient {@code sieve_vacation_dont_check_recipient}: reply even when the user is not
 *                               in To/Cc/Bcc
 * @param maxScriptSize          {@code sieve_max_script_size} in bytes
 * @param maxActions             {@code sieve_max_actions}
 * @param maxRedirects           {@code sieve_max_redirects}
 * @param recipientDelimiter     {@code recipient_delimiter}: characters separating user and detail (subaddress)
 * @param maxNesting             deepest block/test nesting accepted at compile time
 * @param includeMaxNesting      {@code sieve_include_max_nesting_depth}
 * @param includeMaxIncludes     {@code sieve_include_max_includes}
 * @param maxVariableSize        {@code sieve_variables_max_variable_size} in characters
 * @param maxVariables           {@code sieve_variables_max_scope_size}
 * @param regexBudget            characters the regex engine may read per evaluation before giving up
 * @param duplicateDefaultPeriod {@code sieve_duplicate_default_period} (14d)
 * @param duplicateMaxPeriod     {@code sieve_duplicate_max_period}
 * @param redirectDuplicatePeriod {@code sieve_redirect_duplicate_period}: the same message is not redirected to the
 *                               same address again within this period (breaks redirect loops)
 * @param editheaderProtected    {@code sieve_editheader_protected}: headers addheader/deleteheader may not touch
 *                               (Received and Auto-Submitted always are)
 * @param spamtest               {@code sieve_spamtest_*}, or null when not configured
 * @param virustest              {@code sieve_virustest_*}, or null when not configured
 */
public record SieveSettings(Set<String> extensions, Duration vacationMinPeriod, Duration vacationDefaultPeriod,
                            Duration vacationMaxPeriod, boolean vacationDontCheckRecipient, long maxScriptSize,
                            int maxActions, int maxRedirects, String recipientDelimiter, int maxNesting,
                            int includeMaxNesting, int includeMaxIncludes, int maxVariableSize, int maxVariables,
                            long regexBudget, Duration duplicateDefaultPeriod, Duration duplicateMaxPeriod,
                            Duration redirectDuplicatePeriod, Set<String> editheaderProtected,
                            ScoreTestSettings spamtest, ScoreTestSettings virustest) {

    /**
     * How a spam or virus score is read from the message (Pigeonhole's {@code sieve_spamtest_status_header} etc.).
     *
     * @param header     header field holding the status
     * @param regex      regex over that header's value whose group 1 is the status (null: the whole value)
     * @param type       "score" (a number scaled against {@code maxValue}), "strlen" (length of the status, e.g.
     *                   "*****") or "text" (status compared with {@code textValues})
     * @param maxValue   score that maps to the highest level
     * @param textValues for "text": the status text of each level, index 0..10 (or 0..5 for virustest); null entries
     *                   are unused
     */
    public record ScoreTestSettings(String header, String regex, String type, double maxValue,
                                    java.util.List<String> textValues) { }

    public SieveSettings {
        extensions = Set.copyOf(extensions);
        editheaderProtected = Set.copyOf(editheaderProtected);
    }

    public static SieveSettings defaults() {
        return new SieveSettings(Extensions.DEFAULT_ENABLED, Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(60),
                false, 1L << 20, 32, 4, "+", 32, 10, 255, 4096, 255, 10_000_000L, Duration.ofDays(14),
                Duration.ofDays(14), Duration.ofHours(12), Set.of(), null, null);
    }

    public CompileOptions compileOptions() {
        return new CompileOptions(extensions, maxScriptSize, maxNesting);
    }

    public SieveSettings withExtensions(Set<String> enabled) {
        return new SieveSettings(enabled, vacationMinPeriod, vacationDefaultPeriod, vacationMaxPeriod,
                vacationDontCheckRecipient, maxScriptSize, maxActions, maxRedirects, recipientDelimiter, maxNesting,
                includeMaxNesting, includeMaxIncludes, maxVariableSize, maxVariables, regexBudget,
                duplicateDefaultPeriod, duplicateMaxPeriod, redirectDuplicatePeriod, editheaderProtected, spamtest, virustest);
    }

    public SieveSettings withLimits(int actions, int redirects, long budget) {
        return new SieveSettings(extensions, vacationMinPeriod, vacationDefaultPeriod, vacationMaxPeriod,
                vacationDontCheckRecipient, maxScriptSize, actions, redirects, recipientDelimiter, maxNesting,
                includeMaxNesting, includeMaxIncludes, maxVariableSize, maxVariables, budget,
                duplicateDefaultPeriod, duplicateMaxPeriod, redirectDuplicatePeriod, editheaderProtected, spamtest, virustest);
    }

    public SieveSettings withScoreTests(ScoreTestSettings spam, ScoreTestSettings virus) {
        return new SieveSettings(extensions, vacationMinPeriod, vacationDefaultPeriod, vacationMaxPeriod,
                vacationDontCheckRecipient, maxScriptSize, maxActions, maxRedirects, recipientDelimiter, maxNesting,
                includeMaxNesting, includeMaxIncludes, maxVariableSize, maxVariables, regexBudget,
                duplicateDefaultPeriod, duplicateMaxPeriod, redirectDuplicatePeriod, editheaderProtected, spam, virus);
    }

    public SieveSettings withRecipientDelimiter(String delimiter) {
        return new SieveSettings(extensions, vacationMinPeriod, vacationDefaultPeriod, vacationMaxPeriod,
                vacationDontCheckRecipient, maxScriptSize, maxActions, maxRedirects, delimiter, maxNesting,
                includeMaxNesting, includeMaxIncludes, maxVariableSize, maxVariables, regexBudget,
                duplicateDefaultPeriod, duplicateMaxPeriod, redirectDuplicatePeriod, editheaderProtected, spamtest, virustest);
    }
}
