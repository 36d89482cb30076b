package org.colombier.storage.maildir;

import java.util.Arrays;

/**
 * A Maildir message file name as Dovecot writes and reads it:
 * {@code <base>[,S=<size>][,W=<vsize>]:2,<flag letters>}. The info part ({@code :2,...}) is kept
 * verbatim apart from the flags, so unknown letters and extra flag groups survive a rename.
 *
 * @param base  everything before {@code :}, the key in {@code dovecot-uidlist}
 * @param flags the letters of the first flag group after {@code :2,}, or "" (also for no info)
 * @param rest  what follows the first flag group (another {@code ,}-group), kept verbatim
 */
record MaildirName(String base, String flags, String rest) {
    static final String INFO = ":2,";

    static MaildirName parse(String fileName) {
        int colon = fileName.indexOf(':');
        if (colon < 0) {
            return new MaildirName(fileName, "", "");
        }
        String base = fileName.substring(0, colon);
        if (!fileName.startsWith(INFO, colon)) {
            return new MaildirName(base, "", "");
        }
        String info = fileName.substring(colon + INFO.length());
        int comma = info.indexOf(',');
        return comma < 0 ? new MaildirName(base, info, "") : new MaildirName(base, info.substring(0, comma), info.substring(comma));
    }

    /** The file name with an info part, as written to {@code cur/}. */
    String withInfo() {
        return base + INFO + flags + rest;
    }

    /** The physical size from {@code ,S=}, or -1. */
    long size() {
        return field(base, ",S=");
    }

    /** The virtual (CRLF) size from {@code ,W=}, or -1. */
    long virtualSize() {
        return field(base, ",W=");
    }

    MaildirName withFlags(String newFlags) {
        return new MaildirName(base, newFlags, rest);
    }

    /** Flag letters in ASCII order, without duplicates, as Dovecot writes them. */
    static String sortFlags(String letters) {
        char[] c = letters.chars().distinct().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().toCharArray();
        Arrays.sort(c);
        return new String(c);
    }

    private static long field(String base, String key) {
        int at = base.indexOf(key);
        while (at >= 0) {
            int i = at + key.length();
            int start = i;
            while (i < base.length() && Character.isDigit(base.charAt(i))) {
                i++;
            }
            if (i > start && (i == base.length() || base.charAt(i) == ',' || base.charAt(i) == ':') && i - start < 19) {
                return Long.parseLong(base.substring(start, i));
            }
            at = base.indexOf(key, at + 1);
        }
        return -1;
    }

    /**
     * Dovecot's order for new files (UID assignment): leading seconds, then the microseconds after
     * {@code M} in the second dot-field, then the whole base name.
     */
    static int compareForUids(String a, String b) {
        int c = Long.compare(leading(a, 0), leading(b, 0));
        if (c != 0) {
            return c;
        }
        c = Long.compare(micros(a), micros(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static long micros(String base) {
        int dot = base.indexOf('.');
        return dot >= 0 && dot + 1 < base.length() && base.charAt(dot + 1) == 'M' ? leading(base, dot + 2) : -1;
    }

    private static long leading(String s, int from) {
        long v = 0;
        int i = from;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && i - from < 18) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == from ? -1 : v;
    }
}
