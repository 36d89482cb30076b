package org.colombier.server.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * A lenient RFC 5322 address-list parser giving Dovecot's ENVELOPE addresses: display names and
 * comments unquoted but not RFC 2047-decoded, groups as start/end markers, a missing domain filled
 * with {@code MISSING_DOMAIN} and a missing mailbox with {@code MISSING_MAILBOX} as Dovecot does.
 * It never fails: whatever cannot be read as an address is skipped.
 */
final class AddressParser {
    static final String MISSING_MAILBOX = "MISSING_MAILBOX";
    static final String MISSING_DOMAIN = "MISSING_DOMAIN";

    private enum Kind { ATOM, QUOTED, COMMENT, LITERAL, SPECIAL }

    private record Token(Kind kind, String text) {
        boolean special(char c) {
            return kind == Kind.SPECIAL && text.charAt(0) == c;
        }
    }

    private AddressParser() {
    }

    /** The addresses of a header value (a byte string); empty when there are none. */
    static List<Address> parse(String value) {
        List<Token> tokens = tokenize(value);
        List<Address> out = new ArrayList<>();
        boolean inGroup = false;
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.special(',')) {
                i++;
                continue;
            }
            if (t.special(';')) {
                if (inGroup) {
                    out.add(Address.GROUP_END);
                    inGroup = false;
                }
                i++;
                continue;
            }
            int j = i;
            boolean angle = false;
            boolean at = false;
            boolean group = false;
            for (; j < tokens.size(); j++) {
                Token u = tokens.get(j);
                if (u.special('<')) {
                    angle = true;
                } else if (u.special('>')) {
                    angle = false;
                } else if (u.special('@')) {
                    at = true;
                } else if (!angle && (u.special(',') || u.special(';'))) {
                    break;
                } else if (!angle && !at && !inGroup && u.special(':')) {
                    group = true;
                    break;
                }
            }
            if (group) {
                out.add(Address.groupStart(phrase(tokens.subList(i, j), false)));
                inGroup = true;
                i = j + 1;
                continue;
            }
            Address a = mailbox(tokens.subList(i, j));
            if (a != null) {
                out.add(a);
            }
            i = j;
        }
        if (inGroup) {
            out.add(Address.GROUP_END);
        }
        return out;
    }

    private static Address mailbox(List<Token> tokens) {
        int lt = -1;
        for (int k = 0; k < tokens.size(); k++) {
            if (tokens.get(k).special('<')) {
                lt = k;
                break;
            }
        }
        String name;
        String route = null;
        List<Token> spec;
        if (lt >= 0) {
            name = phrase(tokens.subList(0, lt), false);
            int gt = tokens.size();
            for (int k = lt + 1; k < tokens.size(); k++) {
                if (tokens.get(k).special('>')) {
                    gt = k;
                    break;
                }
            }
            spec = new ArrayList<>(tokens.subList(lt + 1, gt));
            spec.removeIf(t -> t.kind == Kind.COMMENT);
            if (!spec.isEmpty() && spec.get(0).special('@')) {
                int colon = 0;
                while (colon < spec.size() && !spec.get(colon).special(':')) {
                    colon++;
                }
                if (colon < spec.size()) {
                    route = concat(spec.subList(0, colon));
                    spec = spec.subList(colon + 1, spec.size());
                }
            }
        } else {
            name = comment(tokens);
            spec = new ArrayList<>(tokens);
            spec.removeIf(t -> t.kind == Kind.COMMENT);
        }
        if (spec.isEmpty()) {
            // a lone comment or phrase is no address (Dovecot skips "group: (foo) ;")
            return null;
        }
        int atIndex = -1;
        for (int k = spec.size() - 1; k >= 0; k--) {
            if (spec.get(k).special('@')) {
                atIndex = k;
                break;
            }
        }
        String local = concat(atIndex < 0 ? spec : spec.subList(0, atIndex));
        String domain = atIndex < 0 ? null : concat(spec.subList(atIndex + 1, spec.size()));
        return new Address(name, route, local == null ? MISSING_MAILBOX : local,
                domain == null ? MISSING_DOMAIN : domain);
    }

    /** Words joined by single spaces (comments skipped unless {@code comments}); null when empty. */
    private static String phrase(List<Token> tokens, boolean comments) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            if (t.kind == Kind.COMMENT && !comments) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.text);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /**
     * The display name of a bare addr-spec: its last comment, as Dovecot takes it; a comment before
     * the address is whitespace to Dovecot and does not count.
     */
    private static String comment(List<Token> tokens) {
        String last = null;
        boolean started = false;
        for (Token t : tokens) {
            if (t.kind != Kind.COMMENT) {
                started = true;
            } else if (started && !t.text.isEmpty()) {
                last = t.text;
            }
        }
        return last;
    }

    private static String concat(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        for (Token t : tokens) {
            if (t.kind != Kind.COMMENT) {
                sb.append(t.kind == Kind.LITERAL ? "[" + t.text + "]" : t.text);
                any = true;
            }
        }
        return any && sb.length() > 0 ? sb.toString() : null;
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (MimeText.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    if (s.charAt(i) != '\r' && s.charAt(i) != '\n') {
                        sb.append(s.charAt(i));
                    }
                    i++;
                }
                i++;
                out.add(new Token(Kind.QUOTED, sb.toString()));
            } else if (c == '(') {
                StringBuilder sb = new StringBuilder();
                int depth = 1;
                i++;
                while (i < n && depth > 0) {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        sb.append(s.charAt(++i));
                    } else if (d == '(') {
                        depth++;
                        sb.append(d);
                    } else if (d == ')') {
                        if (--depth > 0) {
                            sb.append(d);
                        }
                    } else if (d != '\r' && d != '\n') {
                        sb.append(d);
                    }
                    i++;
                }
                out.add(new Token(Kind.COMMENT, MimeText.trimWhitespace(sb.toString())));
            } else if (c == '[') {
                int end = s.indexOf(']', i);
                end = end < 0 ? n : end;
                out.add(new Token(Kind.LITERAL, s.substring(i + 1, end)));
                i = end + 1;
            } else if ("<>,;:@".indexOf(c) >= 0) {
                out.add(new Token(Kind.SPECIAL, String.valueOf(c)));
                i++;
            } else {
                int start = i;
                while (i < n && !MimeText.isWhitespace(s.charAt(i)) && "\"()[]<>,;:@".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                if (i == start) {
                    i++;
                } else {
                    out.add(new Token(Kind.ATOM, s.substring(start, i)));
                }
            }
        }
        return out;
    }
}
