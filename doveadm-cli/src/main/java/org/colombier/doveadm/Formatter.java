package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * doveadm's output formatters ({@code -f flow|tab|table|json|pager}) over one table: named columns
 * (key, title, whether flow and pager hide the title), then rows. Shapes follow Dovecot 2.3:
 * <ul>
 * <li>{@code tab}: a header line of titles, then tab-separated rows;</li>
 * <li>{@code flow}: one line per row, {@code title=value} joined by spaces (bare value for hidden titles);</li>
 * <li>{@code table}: columns padded to their widest cell, with a header line;</li>
 * <li>{@code json}: an array of objects keyed by column key, every value a string;</li>
 * <li>{@code pager}: {@code title: value} lines, rows separated by a form feed line.</li>
 * </ul>
 */
final class Formatter {
    /** One column: {@code hideTitle} for the fields flow and pager print bare (mailbox names, search results). */
    record Column(String key, String title, boolean hideTitle) {
        static Column of(String key) {
            return new Column(key, key, false);
        }
    }

    private final String type;
    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    Formatter(String type, List<Column> columns) {
        this.type = type;
        this.columns = List.copyOf(columns);
    }

    /** The formatter names doveadm accepts; anything else is a usage error. */
    static boolean known(String type) {
        return List.of("flow", "tab", "table", "json", "pager").contains(type);
    }

    void row(List<String> values) {
        rows.add(List.copyOf(values));
    }

    void print(PrintWriter out) {
        switch (type) {
            case "tab" -> tab(out);
            case "table" -> table(out);
            case "json" -> json(out);
            case "pager" -> pager(out);
            default -> flow(out);
        }
        out.flush();
    }

    private void tab(PrintWriter out) {
        out.println(String.join("\t", columns.stream().map(Column::title).toList()));
        rows.forEach(row -> out.println(String.join("\t", row)));
    }

    private void flow(PrintWriter out) {
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    line.append(' ');
                }
                Column column = columns.get(i);
                line.append(column.hideTitle() ? "" : column.title() + "=").append(row.get(i));
            }
            out.println(line);
        }
    }

    private void table(PrintWriter out) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).title().length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(padded(columns.stream().map(Column::title).toList(), widths));
        rows.forEach(row -> out.println(padded(row, widths)));
    }

    private static String padded(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s ", cells.get(i)));
        }
        return line.toString();
    }

    private void json(PrintWriter out) {
        StringBuilder json = new StringBuilder("[");
        for (int r = 0; r < rows.size(); r++) {
            json.append(r == 0 ? "{" : ",{");
            for (int i = 0; i < columns.size(); i++) {
                json.append(i == 0 ? "" : ",").append(quote(columns.get(i).key())).append(':')
                        .append(quote(rows.get(r).get(i)));
            }
            json.append('}');
        }
        out.println(json.append(']'));
    }

    private void pager(PrintWriter out) {
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                out.print("\f\n");
            }
            for (int i = 0; i < columns.size(); i++) {
                String value = rows.get(r).get(i);
                String title = columns.get(i).title();
                // multi-line values (headers, bodies) start on their own line, as in Dovecot's pager
                out.print(value.contains("\n") ? title + ":\n" + value : title + ": " + value);
                if (!value.endsWith("\n")) {
                    out.print('\n');
                }
            }
        }
    }

    static String quote(String value) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> q.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return q.append('"').toString();
    }
}
