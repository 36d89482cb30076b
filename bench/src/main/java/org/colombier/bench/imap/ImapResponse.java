package org.colombier.bench.imap;

import java.util.List;

/**
 * One complete server response: its text with each literal left as its {@code {n}} marker, and the
 * literals' bytes in order.
 */
public record ImapResponse(String text, List<byte[]> literals) {
    public boolean isContinuation() {
        return text.startsWith("+");
    }

    public boolean isUntagged() {
        return text.startsWith("* ");
    }

    /** The tag of a tagged response, else null. */
    public String tag() {
        if (isUntagged() || isContinuation()) {
            return null;
        }
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    /** OK, NO or BAD of a tagged response (upper case). */
    public String status() {
        String[] parts = text.split(" ", 3);
        return parts.length < 2 ? "" : parts[1].toUpperCase(java.util.Locale.ROOT);
    }

    public boolean isOk() {
        return "OK".equals(status());
    }

    /** The bracketed response code after the status, e.g. {@code APPENDUID 1 5}, or null. */
    public String code() {
        int open = text.indexOf('[');
        int close = text.indexOf(']', open + 1);
        String[] parts = text.split(" ", 3);
        if (open < 0 || close < 0 || parts.length < 3 || !parts[2].startsWith("[")) {
            return null;
        }
        return text.substring(open + 1, close);
    }
}
