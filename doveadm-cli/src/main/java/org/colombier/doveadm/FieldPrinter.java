package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.Map;

/** Dovecot's layout for {@code auth lookup} and {@code user -u}: a title, then {@code   name      : value}. */
final class FieldPrinter {
    private FieldPrinter() {
    }

    /** With {@code only} set, just that field's value (nothing when the entry has no such field). */
    static void print(PrintWriter out, String title, Map<String, String> fields, String only) {
        if (only != null) {
            if (fields.containsKey(only)) {
                out.println(fields.get(only));
            }
            return;
        }
        out.println(title);
        fields.forEach((key, value) -> out.println(String.format("  %-10s: %s", key, value)));
    }
}
