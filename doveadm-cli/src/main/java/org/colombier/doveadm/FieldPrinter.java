package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code -f FIELD} option of {@code auth lookup} and {@code user}, and Dovecot's layout for
 * their entries: a title, then {@code   name      : value} lines.
 */
final class FieldPrinter {
    @Option(names = "-f", paramLabel = "FIELD", description = "Print only this field's value.")
    String only;

    /** With {@code -f}, just that field's value (nothing when the entry has no such field). */
    void print(PrintWriter out, String title, Map<String, String> fields) {
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
