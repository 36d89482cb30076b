package org.colombier.sieve;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The Sieve capabilities this module implements, and Dovecot's {@code sieve_extensions} syntax to choose among them. */
public final class Extensions {
    /** Everything implemented, in the order advertised (ManageSieve SIEVE capability). */
    public static final Set<String> SUPPORTED = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(java.util.List.of(
            "fileinto", "reject", "ereject", "envelope", "encoded-character", "vacation", "vacation-seconds",
            "imap4flags", "variables", "relational", "body", "copy", "regex", "include", "date", "index",
            "mailbox", "subaddress", "duplicate", "editheader", "environment", "ihave", "enotify",
            "spamtest", "spamtestplus", "virustest", "comparator-i;ascii-numeric", "comparator-i;octet",
            "comparator-i;ascii-casemap")));

    /** Like Pigeonhole: editheader and the spam/virus tests need deliberate configuration, so they are off by default. */
    public static final Set<String> DEFAULT_ENABLED;

    static {
        Set<String> d = new LinkedHashSet<>(SUPPORTED);
        d.removeAll(Set.of("editheader", "spamtest", "spamtestplus", "virustest"));
        DEFAULT_ENABLED = java.util.Collections.unmodifiableSet(d);
    }

    private Extensions() {
    }

    /**
     * Parses a {@code sieve_extensions} value: a plain list replaces the default set; words prefixed with
     * {@code +} or {@code -} add to or remove from it. Unknown names are ignored, as Pigeonhole warns and ignores them.
     */
    public static Set<String> parse(String spec) {
        String[] words = spec == null ? new String[0] : spec.trim().split("\\s+");
        boolean relative = true;
        for (String w : words) {
            if (!w.isEmpty() && w.charAt(0) != '+' && w.charAt(0) != '-') {
                relative = false;
            }
        }
        Set<String> result = new LinkedHashSet<>(relative ? DEFAULT_ENABLED : Set.of());
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            boolean remove = w.charAt(0) == '-';
            String name = (w.charAt(0) == '+' || remove ? w.substring(1) : w).toLowerCase(Locale.ROOT);
            if (!SUPPORTED.contains(name)) {
                continue;
            }
            if (remove) {
                result.remove(name);
            } else {
                result.add(name);
            }
        }
        result.addAll(Set.of("comparator-i;octet", "comparator-i;ascii-casemap"));
        return Set.copyOf(result);
    }
}
