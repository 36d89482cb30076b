package org.colombier.sieve.mail;

import java.util.ArrayList;
import java.util.List;

/** An addr-spec split into local part and domain (domain null when absent), as the address test sees it. */
public record Address(String localPart, String domain) {
    public String all() {
        return domain == null ? localPart : localPart + "@" + domain;
    }

    /** Parses one bare address (an envelope path, with or without angle brackets). Null for "<>" or "". */
    public static Address parsePath(String path) {
        String p = path == null ? "" : path.trim();
        if (p.startsWith("<") && p.endsWith(">")) {
            p = p.substring(1, p.length() - 1).trim();
        }
        int colon = p.indexOf(':');
        if (p.startsWith("@") && colon > 0) {
            p = p.substring(colon + 1); // drop an RFC 5321 source route
        }
        if (p.isEmpty()) {
            return null;
        }
        int at = p.lastIndexOf('@');
        return at < 0 ? new Address(unquote(p), null) : new Address(unquote(p.substring(0, at)), p.substring(at + 1));
    }

    private static String unquote(String local) {
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            return local.substring(1, local.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return local;
    }

    /**
     * Parses an RFC 5322 address-list header value: display names, comments, quoted strings, groups and
     * obsolete forms; returns the addr-specs found (group names are skipped).
     */
    public static List<Address> parseList(String value) {
        List<Address> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        StringBuilder angle = null;
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                (angle != null ? angle : current).append(c);
                if (c == '\\' && i + 1 < value.length()) {
                    (angle != null ? angle : current).append(value.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (depth > 0) {
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == '\\') {
                    i++;
                }
                continue;
            }
            switch (c) {
                case '"' -> { quoted = true; (angle != null ? angle : current).append(c); }
                case '(' -> depth = 1;
                case '<' -> angle = new StringBuilder();
                case '>' -> {
                    if (angle != null) {
                        Address a = parsePath(angle.toString());
                        if (a != null) {
                            result.add(a);
                        }
                        angle = null;
                        current.setLength(0);
                        current.append('\u0000'); // marks "address already taken from <...>"
                    }
                }
                case ':' -> {
                    if (angle == null) {
                        current.setLength(0); // group display name
                    } else {
                        angle.append(c);
                    }
                }
                case ',', ';' -> {
                    if (angle == null) {
                        flush(current, result);
                    } else {
                        angle.append(c);
                    }
                }
                default -> (angle != null ? angle : current).append(c);
            }
        }
        if (angle != null) {
            Address a = parsePath(angle.toString());
            if (a != null) {
                result.add(a);
            }
        } else {
            flush(current, result);
        }
        return result;
    }

    private static void flush(StringBuilder current, List<Address> out) {
        String s = current.toString();
        current.setLength(0);
        if (s.indexOf('\u0000') >= 0) {
            return;
        }
        String spec = s.trim().replaceAll("\\s*([@.])\\s*", "$1");
        if (!spec.isEmpty()) {
            Address a = parsePath(spec);
            if (a != null) {
                out.add(a);
            }
        }
    }
}
