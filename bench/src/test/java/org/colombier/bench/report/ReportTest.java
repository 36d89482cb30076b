package org.colombier.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReportTest {
    @Test
    void statsGivePercentilesAndRatesPerCommand() {
        Stats stats = new Stats();
        for (int i = 1; i <= 100; i++) {
            stats.record("FETCH", i * 1_000_000L);
        }
        stats.error("STORE", "UID 3 has flags [], expected [\\Seen]");
        Report.Row fetch = stats.rows(10).get(0);
        assertThat(fetch.name()).isEqualTo("FETCH");
        assertThat(fetch.count()).isEqualTo(100);
        assertThat(fetch.perSecond()).isEqualTo(10.0);
        assertThat(fetch.p50Ms()).isBetween(49.9, 50.1);
        assertThat(fetch.p99Ms()).isBetween(98.9, 99.1);
        assertThat(fetch.maxMs()).isBetween(99.9, 100.1);
        assertThat(stats.rows(10).get(1).errors()).isEqualTo(1);
    }

    @Test
    void tableAndJsonCarryRowsMetricsAndErrors() {
        Stats stats = new Stats();
        stats.record("LOGIN", 2_000_000);
        stats.error("LOGIN", "a \"quoted\"\nline");
        Report report = new Report("imap-stress").condition("clients", 2).stats(stats, 1.0).metric("RSS KiB", 12.5);
        assertThat(report.table()).contains("== imap-stress ==", "clients: 2", "LOGIN", "2.00", "RSS KiB", "errors: 1");
        assertThat(report.json()).isEqualTo("{\"benchmark\":\"imap-stress\",\"conditions\":{\"clients\":\"2\"},"
                + "\"commands\":[{\"command\":\"LOGIN\",\"count\":1,\"per_second\":1.000,\"p50_ms\":2.000,"
                + "\"p99_ms\":2.000,\"max_ms\":2.000,\"errors\":1}],\"metrics\":{\"RSS KiB\":12.500000},"
                + "\"errors\":1,\"error_samples\":[\"LOGIN: a \\\"quoted\\\"\\nline\"]}");
    }
}
