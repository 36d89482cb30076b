package org.colombier.bench.imap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.bench.report.Report;
import org.colombier.bench.report.Stats;

/** Runs N {@link StressClient}s on one {@link NioDriver} for a while and reports per-command rates. */
public final class ImapStress {
    /** {@code user} may contain {@code %d}: client i logs in as user ((i mod users) + 1). */
    public record Options(InetSocketAddress target, String user, String password, int clients, int users,
            int seconds, long seed) {
    }

    private ImapStress() {
    }

    public static Report run(Options options) throws IOException {
        Stats stats = new Stats();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(options.seconds());
        List<StressClient> clients = new ArrayList<>();
        try (NioDriver driver = new NioDriver()) {
            for (int i = 0; i < options.clients(); i++) {
                String user = options.user().replace("%d", Integer.toString(i % options.users() + 1));
                StressClient client = new StressClient(i + 1, user, options.password(), driver, options.target(),
                        stats, () -> System.nanoTime() >= end, options.seed() + i);
                clients.add(client);
                client.start();
            }
            long hardEnd = end + TimeUnit.SECONDS.toNanos(30);
            driver.runUntil(() -> System.nanoTime() >= hardEnd || clients.stream().allMatch(StressClient::finished));
            if (!clients.stream().allMatch(StressClient::finished)) {
                stats.error("run", clients.stream().filter(c -> !c.finished()).count()
                        + " clients still busy 30 s after the end");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Report("imap-stress")
                .condition("target", options.target())
                .condition("clients", options.clients())
                .condition("users", options.users())
                .condition("seconds", String.format(java.util.Locale.ROOT, "%.1f", seconds))
                .stats(stats, seconds);
    }
}
