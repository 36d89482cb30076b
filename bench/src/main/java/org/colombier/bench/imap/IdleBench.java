package org.colombier.bench.imap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.colombier.bench.ServerProcess;
import org.colombier.bench.report.Report;

/**
 * Opens N authenticated connections that SELECT INBOX and IDLE, measures the server's memory
 * before and after, then the delay until one of them hears of a new delivery.
 */
public final class IdleBench {
    /** {@code user} may contain {@code %d} (connection i uses user (i mod users) + 1). */
    public record Options(InetSocketAddress target, String user, String password, int connections, int users,
            ServerProcess server, InetSocketAddress lmtp, String rcpt, int timeoutSeconds, String whileOpen) {
    }

    /** One idling connection: LOGIN, SELECT INBOX, IDLE; notes the first new EXISTS. */
    private static final class Idler implements NioDriver.Handler {
        private final String user;
        private final String password;
        private final int[] idling;
        private final int[] failed;
        private int step;
        private int exists;
        private volatile long sawNewMessage;
        private boolean closedByUs;

        Idler(String user, String password, int[] idling, int[] failed) {
            this.user = user;
            this.password = password;
            this.idling = idling;
            this.failed = failed;
        }

        @Override
        public void connected(NioDriver.Connection connection) {
        }

        @Override
        public void response(NioDriver.Connection c, ImapResponse r) {
            String text = r.text();
            if (r.isUntagged() && text.toUpperCase().endsWith(" EXISTS")) {
                int now = Integer.parseInt(text.split(" ")[1]);
                if (step == 3 && now > exists && sawNewMessage == 0) {
                    sawNewMessage = System.nanoTime();
                }
                exists = now;
            }
            switch (step) {
                case 0 -> {
                    step = 1;
                    c.send("l LOGIN " + StressClient.quote(user) + " " + StressClient.quote(password));
                }
                case 1 -> {
                    if ("l".equals(r.tag())) {
                        if (!advance(c, r)) {
                            return;
                        }
                        c.send("s SELECT INBOX");
                    }
                }
                case 2 -> {
                    if ("s".equals(r.tag())) {
                        if (!advance(c, r)) {
                            return;
                        }
                        c.send("i IDLE");
                    }
                }
                case 3 -> {
                    if (r.isContinuation()) {
                        idling[0]++;
                    }
                }
                default -> {
                }
            }
        }

        private boolean advance(NioDriver.Connection c, ImapResponse r) {
            if (!r.isOk()) {
                failed[0]++;
                closedByUs = true;
                c.close();
                return false;
            }
            step++;
            return true;
        }

        @Override
        public void closed(NioDriver.Connection connection, Exception cause) {
            if (!closedByUs) {
                failed[0]++;
            }
        }
    }

    private IdleBench() {
    }

    public static Report run(Options options) throws IOException, InterruptedException {
        Report report = new Report("idle")
                .condition("target", options.target())
                .condition("connections", options.connections())
                .condition("users", options.users())
                .condition("server pids", options.server().pids());
        // The heap is measured first: its full GC can return memory to the OS and change the RSS.
        OptionalLong heapBefore = options.server().heapUsedKib();
        long rssBefore = options.server().rssKib();
        long pssBefore = options.server().pssKib();
        int[] idling = {0};
        int[] failed = {0};
        Idler watched = null;
        long t0 = System.nanoTime();
        try (NioDriver driver = new NioDriver()) {
            for (int i = 0; i < options.connections(); i++) {
                String user = options.user().replace("%d", Integer.toString(i % options.users() + 1));
                Idler idler = new Idler(user, options.password(), idling, failed);
                if (i == 0) {
                    watched = idler;
                }
                driver.connect(options.target(), idler);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
            driver.runUntil(() -> idling[0] + failed[0] >= options.connections() || System.nanoTime() > deadline);
            report.metric("seconds to open and IDLE all", (System.nanoTime() - t0) / 1e9);
            report.metric("connections idling", idling[0]);
            if (idling[0] < options.connections()) {
                report.error((options.connections() - idling[0]) + " connections did not reach IDLE ("
                        + failed[0] + " failed)");
            }
            // Let the server settle (login processes, buffers) before measuring.
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            driver.runUntil(() -> System.nanoTime() > settle);
            OptionalLong heapAfter = options.server().heapUsedKib();
            long rssAfter = options.server().rssKib();
            long pssAfter = options.server().pssKib();
            int open = Math.max(1, idling[0]);
            report.metric("server processes", options.server().pids().size());
            report.metric("server RSS before KiB", rssBefore).metric("server RSS after KiB", rssAfter)
                    .metric("RSS per idle connection KiB", (rssAfter - rssBefore) / (double) open);
            report.metric("server PSS before KiB", pssBefore).metric("server PSS after KiB", pssAfter)
                    .metric("PSS per idle connection KiB", (pssAfter - pssBefore) / (double) open);
            if (heapBefore.isPresent() && heapAfter.isPresent()) {
                report.metric("heap used before KiB", heapBefore.getAsLong())
                        .metric("heap used after KiB", heapAfter.getAsLong())
                        .metric("heap per idle connection KiB", (heapAfter.getAsLong() - heapBefore.getAsLong()) / (double) open);
            }
            if (watched != null && watched.step == 3) {
                deliveryLatency(options, driver, watched, report);
            }
            if (options.whileOpen() != null) {
                timeCommand(options.whileOpen(), driver, report);
            }
        }
        return report;
    }

    /** Runs a shell command (e.g. {@code doveadm who}) while the connections are open; times it. */
    private static void timeCommand(String command, NioDriver driver, Report report) throws IOException {
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        driver.runUntil(() -> !process.isAlive());
        report.metric("'" + command + "' seconds", (System.nanoTime() - t0) / 1e9);
        if (process.exitValue() != 0) {
            report.error("'" + command + "' exited with " + process.exitValue());
        }
    }

    private static void deliveryLatency(Options options, NioDriver driver, Idler watched, Report report)
            throws IOException {
        String user = options.user().replace("%d", "1");
        LargeMailboxBench.Options delivery = new LargeMailboxBench.Options(options.target(), user, options.password(),
                0, options.lmtp(), options.rcpt(), false);
        byte[] message = LargeMailboxBench.message(1, new Random(1));
        long[] start = {0};
        Exception[] failure = {null};
        Thread deliverer = new Thread(() -> {
            try (ImapClient other = ImapClient.login(options.target(), user, options.password())) {
                start[0] = System.nanoTime();
                LargeMailboxBench.deliverOne(delivery, other, message);
            } catch (IOException e) {
                failure[0] = e;
            }
        }, "bench-deliver");
        deliverer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        driver.runUntil(() -> watched.sawNewMessage != 0 || System.nanoTime() > deadline || failure[0] != null);
        try {
            deliverer.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (watched.sawNewMessage == 0) {
            report.error("the IDLE connection heard nothing of the delivery"
                    + (failure[0] == null ? "" : ": " + failure[0].getMessage()));
        } else {
            report.metric("IDLE notification ms", (watched.sawNewMessage - start[0]) / 1e6);
        }
    }
}
