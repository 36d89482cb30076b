package org.colombier.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** Latencies (microseconds, HdrHistogram) and errors per command name. Thread-safe. */
public final class Stats {
    private static final int ERROR_SAMPLES = 20;
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Map<String, Histogram> latencies = new TreeMap<>();
    private final Map<String, Long> errorsByCommand = new TreeMap<>();
    private final List<String> errorSamples = new ArrayList<>();
    private long errors;

    public synchronized void record(String command, long nanos) {
        long micros = Math.max(1, Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
        latencies.computeIfAbsent(command, c -> new Histogram(MAX_MICROS, 3)).recordValue(micros);
    }

    public synchronized void error(String command, String message) {
        errors++;
        errorsByCommand.merge(command, 1L, Long::sum);
        if (errorSamples.size() < ERROR_SAMPLES) {
            errorSamples.add(command + ": " + message);
        }
    }

    public synchronized long errors() {
        return errors;
    }

    /** One row per command seen, rates over {@code seconds}. */
    public synchronized List<Report.Row> rows(double seconds) {
        List<Report.Row> rows = new ArrayList<>();
        java.util.Set<String> names = new java.util.TreeSet<>(latencies.keySet());
        names.addAll(errorsByCommand.keySet());
        for (String name : names) {
            Histogram h = latencies.get(name);
            long count = h == null ? 0 : h.getTotalCount();
            rows.add(new Report.Row(name, count, seconds > 0 ? count / seconds : 0,
                    h == null ? 0 : h.getValueAtPercentile(50) / 1000.0,
                    h == null ? 0 : h.getValueAtPercentile(99) / 1000.0,
                    h == null ? 0 : h.getMaxValue() / 1000.0,
                    errorsByCommand.getOrDefault(name, 0L)));
        }
        return rows;
    }

    public synchronized List<String> errorSamples() {
        return List.copyOf(errorSamples);
    }
}
