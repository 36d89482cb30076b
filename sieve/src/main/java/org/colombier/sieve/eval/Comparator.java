package org.colombier.sieve.eval;

/** The three comparators of RFC 4790 that Sieve uses. */
enum Comparator {
    OCTET, ASCII_CASEMAP, ASCII_NUMERIC;

    static Comparator of(String name) {
        if (name == null) {
            return ASCII_CASEMAP;
        }
        return switch (name.toLowerCase()) {
            case "i;octet" -> OCTET;
            case "i;ascii-numeric" -> ASCII_NUMERIC;
            default -> ASCII_CASEMAP;
        };
    }

    static String asciiLower(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, (char) (c + 32));
            }
        }
        return sb == null ? s : sb.toString();
    }

    int compare(String a, String b) {
        return switch (this) {
            case OCTET -> a.compareTo(b);
            case ASCII_CASEMAP -> asciiLower(a).compareTo(asciiLower(b));
            case ASCII_NUMERIC -> compareNumeric(a, b);
        };
    }

    boolean contains(String haystack, String needle) {
        return this == OCTET ? haystack.contains(needle) : asciiLower(haystack).contains(asciiLower(needle));
    }

    /** RFC 4790 section 9.1: the leading digits give the value; a string without one is positive infinity. */
    private static int compareNumeric(String a, String b) {
        String da = leadingDigits(a);
        String db = leadingDigits(b);
        if (da == null || db == null) {
            return da == null ? (db == null ? 0 : 1) : -1;
        }
        if (da.length() != db.length()) {
            return Integer.compare(da.length(), db.length());
        }
        return da.compareTo(db);
    }

    private static String leadingDigits(String s) {
        int end = 0;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        if (end == 0) {
            return null;
        }
        int start = 0;
        while (start < end - 1 && s.charAt(start) == '0') {
            start++;
        }
        return s.substring(start, end);
    }
}
