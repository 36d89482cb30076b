package org.colombier.bench.lmtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.colombier.bench.Messages;
import org.colombier.bench.report.Report;
import org.colombier.bench.report.Stats;

/**
 * LMTP delivery rate: for each number of parallel connections, message size and recipient count,
 * every connection delivers back to back for a few seconds. A row is one combination; its rate is
 * messages (transactions) per second, its latency one transaction's.
 */
public final class LmtpBench {
    /** {@code recipients}: addresses; one containing {@code %d} expands to 1..the largest count needed. */
    public record Options(InetSocketAddress target, List<String> recipients, List<Integer> connections,
            List<Integer> sizes, List<Integer> recipientCounts, int seconds) {
    }

    private LmtpBench() {
    }

    public static Report run(Options options) throws IOException, InterruptedException {
        int most = options.recipientCounts().stream().mapToInt(Integer::intValue).max().orElse(1);
        List<String> addresses = expand(options.recipients(), most);
        Report report = new Report("lmtp")
                .condition("target", options.target())
                .condition("recipients", String.join(" ", addresses))
                .condition("seconds per row", options.seconds());
        for (int recipients : options.recipientCounts()) {
            for (int size : options.sizes()) {
                for (int connections : options.connections()) {
                    String name = String.format(java.util.Locale.ROOT, "%dx conn, %d KB, %d rcpt",
                            connections, size / 1024, recipients);
                    Stats stats = new Stats();
                    double seconds = runOne(options.target(), addresses.subList(0, recipients), size, connections,
                            options.seconds(), name, stats);
                    report.stats(stats, seconds);
                }
            }
        }
        return report;
    }

    static List<String> expand(List<String> given, int count) {
        List<String> out = new ArrayList<>();
        for (String rcpt : given) {
            if (rcpt.contains("%d")) {
                for (int i = 1; i <= count; i++) {
                    out.add(rcpt.replace("%d", Integer.toString(i)));
                }
            } else {
                out.add(rcpt);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no --rcpt given");
        }
        while (out.size() < count) {
            out.add(out.get(out.size() % given.size()));
        }
        return out;
    }

    private static double runOne(InetSocketAddress target, List<String> recipients, int size, int connections,
            int seconds, String name, Stats stats) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int connection = c;
                running.add(pool.submit(() -> deliverUntil(target, recipients, size, end, name, stats, connection)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    stats.error(name, String.valueOf(e.getCause()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deliverUntil(InetSocketAddress target, List<String> recipients, int size, long end,
            String name, Stats stats, int connection) {
        Random random = new Random(connection);
        byte[] message = Messages.generate("lmtp-" + connection, "lmtp bench", size, random);
        try (LmtpClient client = LmtpClient.connect(target)) {
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                int delivered = client.deliver("bench@bench.test", recipients, message);
                stats.record(name, System.nanoTime() - t0);
                if (delivered != recipients.size()) {
                    stats.error(name, (recipients.size() - delivered) + " recipients refused after DATA");
                }
            }
        } catch (IOException e) {
            stats.error(name, e.getMessage());
        }
    }
}
