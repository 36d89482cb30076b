package org.colombier.auth.passwdfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses Dovecot's passwd-file format. Empty lines and {@code #} comments are skipped; the first line
 * for a user wins; {@code password[13]} (CRYPT) and {@code password[34]} (MD5) from libpam-pwdfile are
 * turned into {@code {SCHEME}} prefixes.
 */
public final class PasswdFileParser {
    private PasswdFileParser() {
    }

    public static Map<String, PasswdEntry> parse(List<String> lines) {
        Map<String, PasswdEntry> entries = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            PasswdEntry entry = parseLine(line);
            if (!entry.user().isEmpty()) {
                entries.putIfAbsent(entry.user(), entry);
            }
        }
        return entries;
    }

    static PasswdEntry parseLine(String line) {
        String[] f = line.split(":", 8);
        return new PasswdEntry(f[0], password(field(f, 1)), field(f, 2), field(f, 3), field(f, 5),
                extraFields(field(f, 7)));
    }

    private static String password(String value) {
        if (value.endsWith("[13]")) {
            return "{CRYPT}" + value.substring(0, value.length() - 4);
        }
        if (value.endsWith("[34]")) {
            return "{MD5}" + value.substring(0, value.length() - 4);
        }
        return value;
    }

    /** Space-separated {@code key=value} pairs; spaces inside {@code %{user | domain}} do not split. */
    private static Map<String, String> extraFields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder field = new StringBuilder();
        boolean inVariable = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (c == ' ' && !inVariable) {
                addField(fields, field.toString());
                field.setLength(0);
                continue;
            }
            if (c == '{' && i > 0 && text.charAt(i - 1) == '%') {
                inVariable = true;
            } else if (c == '}') {
                inVariable = false;
            }
            field.append(c);
        }
        return fields;
    }

    private static void addField(Map<String, String> fields, String field) {
        if (field.isEmpty()) {
            return;
        }
        int eq = field.indexOf('=');
        fields.put(eq < 0 ? field : field.substring(0, eq), eq < 0 ? "" : field.substring(eq + 1));
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }
}
