package org.colombier.server.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5322 address lists as IMAP needs them: the ENVELOPE address structures (RFC 3501 7.4.2,
 * groups as start/end markers) and the normalized text SEARCH FROM/TO/CC/BCC match against.
 */
public final class Addresses {
    /** One address; a group start has only {@code mailbox} (the group name), a group end has nothing. */
    public record Address(String name, String route, String mailbox, String host) {
        static final Address GROUP_END = new Address(null, null, null, null);

        /** {@code Name <mailbox@host>} for searching, comments and quoting removed. */
        public String text() {
            if (host == null) {
                return mailbox == null ? "" : mailbox;
            }
            return (name == null ? "" : name + " ") + "<" + mailbox + "@" + host + ">";
        }
    }

    private Addresses() {
    }

    public static List<Address> parse(String value) {
        List<Address> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String item : splitTop(value)) {
            String a = item.trim();
            if (a.isEmpty()) {
                continue;
            }
            int colon = indexOutside(a, ':');
            int lt = indexOutside(a, '<');
            if (colon > 0 && (lt < 0 || colon < lt)) {
                out.add(new Address(null, null, unquote(stripComments(a.substring(0, colon)).trim()), null));
                String members = a.substring(colon + 1).trim();
                if (members.endsWith(";")) {
                    members = members.substring(0, members.length() - 1);
                }
                for (String m : splitTop(members)) {
                    Address address = address(m.trim());
                    if (address != null) {
                        out.add(address);
                    }
                }
                out.add(Address.GROUP_END);
                continue;
            }
            Address address = address(a);
            if (address != null) {
                out.add(address);
            }
        }
        return out;
    }

    /** The addresses of a header value as searchable text. */
    public static String searchText(String value) {
        StringBuilder sb = new StringBuilder();
        for (Address a : parse(value)) {
            sb.append(a.text()).append(", ");
        }
        return sb.toString();
    }

    private static Address address(String a) {
        if (stripComments(a).isBlank()) {
            return null;
        }
        String name = null;
        String spec;
        int lt = indexOutside(a, '<');
        if (lt >= 0) {
            int gt = a.indexOf('>', lt);
            spec = a.substring(lt + 1, gt < 0 ? a.length() : gt);
            String n = stripComments(a.substring(0, lt)).trim();
            name = n.isEmpty() ? null : unquote(n);
        } else {
            int open = indexOutside(a, '(');
            if (open >= 0) {
                int close = a.indexOf(')', open);
                String comment = a.substring(open + 1, close < 0 ? a.length() : close).trim();
                name = comment.isEmpty() ? null : comment;
            }
            spec = a;
        }
        spec = stripComments(spec).replaceAll("\\s+", "");
        String route = null;
        if (spec.startsWith("@") && spec.indexOf(':') > 0) {
            route = spec.substring(0, spec.indexOf(':'));
            spec = spec.substring(spec.indexOf(':') + 1);
        }
        int at = spec.lastIndexOf('@');
        String mailbox = at < 0 ? spec : spec.substring(0, at);
        String host = at < 0 ? null : spec.substring(at + 1);
        mailbox = mailbox.isEmpty() ? null : unquote(mailbox);
        host = host == null || host.isEmpty() ? null : host;
        if (mailbox == null) {
            mailbox = "MISSING_MAILBOX";
        }
        if (host == null) {
            host = "MISSING_DOMAIN";
        }
        return new Address(name, route, mailbox, host);
    }

    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (depth == 0) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (c == '"' && depth == 0) {
                quoted = !quoted;
                out.append(c);
            } else if (c == '(' && !quoted) {
                depth++;
            } else if (c == ')' && !quoted && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String unquote(String s) {
        if (s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return s;
    }

    private static int indexOutside(String s, char target) {
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"' && depth == 0) {
                quoted = !quoted;
            } else if (!quoted && c == '(' && target != '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
            } else if (!quoted && depth == 0 && c == target) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at commas outside quotes, comments, angle brackets and groups. */
    private static List<String> splitTop(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int parens = 0;
        boolean angle = false;
        boolean group = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                current.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"' && parens == 0) {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == '(') {
                    parens++;
                } else if (c == ')' && parens > 0) {
                    parens--;
                } else if (c == '<' && parens == 0) {
                    angle = true;
                } else if (c == '>' && parens == 0) {
                    angle = false;
                } else if (c == ':' && parens == 0 && !angle) {
                    group = true;
                } else if (c == ';' && parens == 0 && !angle && group) {
                    group = false;
                    current.append(c);
                    out.add(current.toString());
                    current.setLength(0);
                    continue;
                }
            }
            if (c == ',' && !quoted && parens == 0 && !angle && !group) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }
}
