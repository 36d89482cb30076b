package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A configuration dump (the dovecot.conf text {@code ConfigWriter} writes) as a tree, so that
 * doveconf can print one setting ({@code mail_path}, {@code service/imap-login/inet_listener/imap/port})
 * or whole sections ({@code passdb}, {@code service/imap-login}) by the path Dovecot names them with.
 */
final class DumpTree {
    /** What Dovecot prints in place of a secret without {@code -P}. */
    static final String HIDDEN = "# hidden, use -P to show it";

    /** {@code key = value}: its path, the value as written (maybe quoted) and as meant. */
    record Setting(String path, String key, String written, String value) {
        /** Passwords, API keys and other secrets, by the names Dovecot hides. */
        boolean secret() {
            return !value.isEmpty() && (key.endsWith("password") || key.endsWith("_api_key") || key.endsWith("_secret"));
        }
    }

    /** {@code TYPE [NAME] { ... }}: its path ({@code TYPE} or {@code TYPE/NAME} under its parent's) and lines. */
    record Section(String path, String typePath, String header, List<Object> children) {
    }

    private final Section root = new Section("", "", null, new ArrayList<>());

    DumpTree(String dump) {
        Deque<Section> open = new ArrayDeque<>();
        open.push(root);
        for (String raw : dump.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Section parent = open.peek();
            if (line.equals("}")) {
                open.pop();
            } else if (line.endsWith("{")) {
                String header = line.substring(0, line.length() - 1).strip();
                int space = header.indexOf(' ');
                String type = space < 0 ? header : header.substring(0, space);
                String typePath = join(parent.path(), type);
                String path = space < 0 ? typePath : join(typePath, unquote(header.substring(space + 1)));
                Section section = new Section(path, typePath, header, new ArrayList<>());
                parent.children().add(section);
                open.push(section);
            } else {
                int eq = line.indexOf(" =");
                String key = unquote(line.substring(0, eq));
                String written = line.substring(eq + 2).strip();
                parent.children().add(new Setting(join(parent.path(), key), key, written, unquote(written)));
            }
        }
    }

    /** Prints the whole tree, secrets hidden unless {@code showSecrets}. */
    void print(PrintWriter out, boolean showSecrets) {
        root.children().forEach(child -> print(out, child, "", showSecrets));
    }

    /** The setting at {@code path}, or null. */
    Setting setting(String path) {
        return find(root, path);
    }

    /** The sections {@code path} names: by type ({@code passdb}) or by type and name ({@code passdb/users}). */
    List<Section> sections(String path) {
        List<Section> found = new ArrayList<>();
        collect(root, path, found);
        return found;
    }

    static void print(PrintWriter out, Object node, String indent, boolean showSecrets) {
        if (node instanceof Setting s) {
            out.println(indent + s.key() + " =" + (s.written().isEmpty() ? "" : " " + shown(s, s.written(), showSecrets)));
        } else {
            Section section = (Section) node;
            out.println(indent + section.header() + " {");
            section.children().forEach(child -> print(out, child, indent + "  ", showSecrets));
            out.println(indent + "}");
        }
    }

    /** {@code text}, or the hidden marker for a secret. */
    static String shown(Setting s, String text, boolean showSecrets) {
        return s.secret() && !showSecrets ? HIDDEN : text;
    }

    private static Setting find(Section section, String path) {
        for (Object child : section.children()) {
            if (child instanceof Setting s && s.path().equals(path)) {
                return s;
            }
            if (child instanceof Section sub && path.startsWith(sub.path() + "/")) {
                Setting s = find(sub, path);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private static void collect(Section section, String path, List<Section> found) {
        for (Object child : section.children()) {
            if (child instanceof Section sub) {
                if (sub.path().equals(path) || sub.typePath().equals(path)) {
                    found.add(sub);
                } else if (path.startsWith(sub.path() + "/")) {
                    collect(sub, path, found);
                }
            }
        }
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    /** The text of a value or name as ConfigWriter quotes it: bare, or double-quoted with backslash escapes. */
    private static String unquote(String text) {
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < text.length() - 1; i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < text.length() - 1) {
                char next = text.charAt(++i);
                b.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
