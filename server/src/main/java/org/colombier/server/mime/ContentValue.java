package org.colombier.server.mime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A MIME header value of the form {@code token; name=value; ...} (Content-Type,
 * Content-Disposition), parsed leniently; parameters are merged per RFC 2231 as Dovecot does.
 *
 * @param value the leading token ({@code text/plain}, {@code attachment}), null when there is none
 */
record ContentValue(String value, List<Param> params) {

    static ContentValue parse(String s) {
        int[] pos = {0};
        skipCfws(s, pos);
        int start = pos[0];
        while (pos[0] < s.length() && s.charAt(pos[0]) != ';' && !MimeText.isWhitespace(s.charAt(pos[0]))
                && s.charAt(pos[0]) != '(') {
            pos[0]++;
        }
        String value = pos[0] > start ? s.substring(start, pos[0]) : null;
        List<String[]> raw = new ArrayList<>();
        while (pos[0] < s.length()) {
            skipCfws(s, pos);
            if (pos[0] >= s.length()) {
                break;
            }
            if (s.charAt(pos[0]) != ';') {
                // garbage between parameters: skip to the next one
                int semi = s.indexOf(';', pos[0]);
                if (semi < 0) {
                    break;
                }
                pos[0] = semi;
            }
            pos[0]++;
            skipCfws(s, pos);
            int ns = pos[0];
            while (pos[0] < s.length() && "=;\"( \t\r\n".indexOf(s.charAt(pos[0])) < 0) {
                pos[0]++;
            }
            String name = s.substring(ns, pos[0]);
            skipCfws(s, pos);
            if (name.isEmpty() || pos[0] >= s.length() || s.charAt(pos[0]) != '=') {
                continue;
            }
            pos[0]++;
            skipCfws(s, pos);
            String v;
            if (pos[0] < s.length() && s.charAt(pos[0]) == '"') {
                StringBuilder sb = new StringBuilder();
                pos[0]++;
                while (pos[0] < s.length() && s.charAt(pos[0]) != '"') {
                    char c = s.charAt(pos[0]);
                    if (c == '\\' && pos[0] + 1 < s.length()) {
                        c = s.charAt(++pos[0]);
                    }
                    if (c != '\r' && c != '\n') {
                        sb.append(c);
                    }
                    pos[0]++;
                }
                pos[0]++;
                v = sb.toString();
            } else {
                int vs = pos[0];
                while (pos[0] < s.length() && ";( \t\r\n".indexOf(s.charAt(pos[0])) < 0) {
                    pos[0]++;
                }
                v = s.substring(vs, pos[0]);
            }
            raw.add(new String[] {name, v});
        }
        return new ContentValue(value, merge(raw));
    }

    /** Plain parameters in order, then RFC 2231 ones merged by name (sorted, as Dovecot does). */
    private static List<Param> merge(List<String[]> raw) {
        List<Param> out = new ArrayList<>();
        record Piece(String name, String key, int index, boolean extended, String value) {
        }
        List<Piece> pieces = new ArrayList<>();
        for (String[] p : raw) {
            String name = p[0];
            int star = name.indexOf('*');
            if (star < 0) {
                out.add(new Param(name, p[1]));
                continue;
            }
            String base = name.substring(0, star);
            String rest = name.substring(star + 1);
            boolean extended = rest.endsWith("*") || rest.isEmpty();
            String digits = rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
            int index;
            if (digits.isEmpty()) {
                index = 0;
            } else if (digits.chars().allMatch(Character::isDigit) && digits.length() < 6) {
                index = Integer.parseInt(digits);
            } else {
                out.add(new Param(name, p[1]));
                continue;
            }
            pieces.add(new Piece(base, base.toLowerCase(Locale.ROOT), index, extended, p[1]));
        }
        pieces.sort(Comparator.comparing(Piece::key).thenComparingInt(Piece::index));
        Map<String, List<Piece>> byKey = new LinkedHashMap<>();
        for (Piece p : pieces) {
            byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
        for (List<Piece> group : byKey.values()) {
            boolean extended = group.get(0).extended();
            StringBuilder sb = new StringBuilder();
            int expected = group.get(0).index();
            for (Piece p : group) {
                if (p.index() != expected) {
                    break;
                }
                expected++;
                if (extended && !p.extended()) {
                    // a plain piece inside an extended value: %-encode what would be ambiguous
                    for (char c : p.value().toCharArray()) {
                        if (c == '%' || c <= ' ' || c >= 127 || c == '\'') {
                            sb.append('%').append(String.format("%02X", (int) c & 0xff));
                        } else {
                            sb.append(c);
                        }
                    }
                } else {
                    sb.append(p.value());
                }
            }
            out.add(new Param(group.get(0).name() + (extended ? "*" : ""), sb.toString()));
        }
        return out;
    }

    static void skipCfws(String s, int[] pos) {
        int depth = 0;
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]);
            if (depth > 0) {
                if (c == '\\') {
                    pos[0]++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
            } else if (c == '(') {
                depth = 1;
            } else if (!MimeText.isWhitespace(c)) {
                return;
            }
            pos[0]++;
        }
    }
}
