package org.colombier.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A benchmark's result: conditions, per-command rows, single metrics; printed as a table or JSON. */
public final class Report {
    /** One command's count, rate and latency percentiles in milliseconds. */
    public record Row(String name, long count, double perSecond, double p50Ms, double p99Ms, double maxMs, long errors) {
    }

    private final String benchmark;
    private final Map<String, String> conditions = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final List<String> errorSamples = new ArrayList<>();
    private long errors;

    public Report(String benchmark) {
        this.benchmark = benchmark;
    }

    public Report condition(String name, Object value) {
        conditions.put(name, String.valueOf(value));
        return this;
    }

    public Report row(Row row) {
        rows.add(row);
        return this;
    }

    public Report metric(String name, double value) {
        metrics.put(name, value);
        return this;
    }

    /** A failed check outside any per-command statistics. */
    public Report error(String message) {
        errors++;
        if (errorSamples.size() < 20) {
            errorSamples.add(message);
        }
        return this;
    }

    public Report stats(Stats stats, double seconds) {
        rows.addAll(stats.rows(seconds));
        errors += stats.errors();
        errorSamples.addAll(stats.errorSamples());
        return this;
    }

    public long errors() {
        return errors;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public Map<String, Double> metrics() {
        return Map.copyOf(metrics);
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(benchmark).append(" ==\n");
        conditions.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %s: %s%n", k, v)));
        if (!rows.isEmpty()) {
            int width = Math.max(7, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
            out.append(String.format(Locale.ROOT, "%-" + width + "s %9s %10s %9s %9s %9s %7s%n",
                    "command", "count", "per sec", "p50 ms", "p99 ms", "max ms", "errors"));
            for (Row r : rows) {
                out.append(String.format(Locale.ROOT, "%-" + width + "s %9d %10.1f %9.2f %9.2f %9.2f %7d%n",
                        r.name(), r.count(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.errors()));
            }
        }
        metrics.forEach((k, v) -> out.append(String.format(Locale.ROOT, "%-40s %14.3f%n", k, v)));
        out.append("errors: ").append(errors).append('\n');
        errorSamples.forEach(e -> out.append("  ").append(e).append('\n'));
        return out.toString();
    }

    public String json() {
        StringBuilder out = new StringBuilder("{\"benchmark\":").append(quote(benchmark)).append(",\"conditions\":{");
        String sep = "";
        for (Map.Entry<String, String> e : conditions.entrySet()) {
            out.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
            sep = ",";
        }
        out.append("},\"commands\":[");
        sep = "";
        for (Row r : rows) {
            out.append(sep).append(String.format(Locale.ROOT,
                    "{\"command\":%s,\"count\":%d,\"per_second\":%.3f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"errors\":%d}",
                    quote(r.name()), r.count(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.errors()));
            sep = ",";
        }
        out.append("],\"metrics\":{");
        sep = "";
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            out.append(sep).append(quote(e.getKey())).append(':').append(String.format(Locale.ROOT, "%.6f", e.getValue()));
            sep = ",";
        }
        out.append("},\"errors\":").append(errors).append(",\"error_samples\":[");
        sep = "";
        for (String e : errorSamples) {
            out.append(sep).append(quote(e));
            sep = ",";
        }
        return out.append("]}").toString();
    }

    public void writeJson(Path file) throws IOException {
        Files.writeString(file, json() + "\n");
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
