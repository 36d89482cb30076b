package org.colombier.bench.imap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.colombier.bench.Messages;
import org.colombier.bench.lmtp.LmtpClient;
import org.colombier.bench.report.Report;

/**
 * Builds a mailbox of N messages (pipelined APPEND with LITERAL+, or LMTP) unless it is already
 * that big, then times the commands that touch all of it, each twice (first and repeat), and the
 * delay until an IDLE client sees a new delivery.
 */
public final class LargeMailboxBench {
    /** Every {@value}th message has "xyzzy" in its Subject, for the SEARCH. */
    static final int SEARCH_EVERY = 1000;
    private static final int APPEND_WINDOW = 64;
    private static final int IDLE_ROUNDS = 5;

    /** {@code lmtp} and {@code rcpt} null: build and deliver with APPEND. */
    public record Options(InetSocketAddress target, String user, String password, int messages,
            InetSocketAddress lmtp, String rcpt, boolean build) {
    }

    private LargeMailboxBench() {
    }

    public static Report run(Options options) throws IOException {
        Report report = new Report("large-mailbox")
                .condition("target", options.target())
                .condition("user", options.user())
                .condition("messages", options.messages())
                .condition("delivery", options.lmtp() == null ? "IMAP APPEND" : "LMTP " + options.lmtp());
        int exists;
        boolean builtWhole = false;
        try (ImapClient client = ImapClient.login(options.target(), options.user(), options.password())) {
            exists = exists(client.ok("SELECT INBOX"));
            if (exists < options.messages()) {
                if (!options.build()) {
                    throw new IOException("INBOX has " + exists + " messages, fewer than " + options.messages());
                }
                long t0 = System.nanoTime();
                builtWhole = exists == 0;
                build(options, client, exists);
                double seconds = (System.nanoTime() - t0) / 1e9;
                report.metric("build seconds", seconds).metric("build messages/s", (options.messages() - exists) / seconds);
            }
            client.ok("LOGOUT");
        }
        for (String round : List.of("first", "repeat")) {
            try (ImapClient client = ImapClient.login(options.target(), options.user(), options.password())) {
                long t0 = System.nanoTime();
                exists = exists(client.ok("SELECT INBOX"));
                report.metric("SELECT " + round + " ms", millis(t0));

                t0 = System.nanoTime();
                List<ImapResponse> flags = client.ok("UID FETCH 1:* (UID FLAGS)");
                report.metric("UID FETCH 1:* (UID FLAGS) " + round + " ms", millis(t0));
                checkCount(report, "UID FETCH 1:* (UID FLAGS)", fetches(flags, false), exists);

                t0 = System.nanoTime();
                List<ImapResponse> envelopes = client.ok("FETCH 1:* (ENVELOPE)");
                report.metric("FETCH 1:* (ENVELOPE) " + round + " ms", millis(t0));
                checkCount(report, "FETCH 1:* (ENVELOPE)", fetches(envelopes, true), exists);

                t0 = System.nanoTime();
                List<ImapResponse> search = client.ok("SEARCH HEADER Subject xyzzy");
                report.metric("SEARCH HEADER Subject xyzzy " + round + " ms", millis(t0));
                long found = search.stream().filter(r -> r.text().toUpperCase().startsWith("* SEARCH"))
                        .mapToLong(r -> r.text().trim().split(" ").length - 2).sum();
                report.metric("SEARCH HEADER Subject xyzzy matches", found);
                // Only a mailbox this run built from empty has a known number of matches.
                long expected = (options.messages() + SEARCH_EVERY - 1) / SEARCH_EVERY;
                if (builtWhole && found != expected) {
                    report.error("SEARCH HEADER Subject xyzzy found " + found + ", expected " + expected);
                }
                client.ok("LOGOUT");
            }
        }
        idleLatency(options, report);
        return report;
    }

    private static void checkCount(Report report, String what, long got, int exists) {
        if (got != exists) {
            report.error(what + " returned " + got + " messages of " + exists);
        }
    }

    private static long fetches(List<ImapResponse> responses, boolean envelope) {
        return responses.stream().filter(r -> r.isUntagged() && r.text().contains(" FETCH "))
                .map(FetchData::parse)
                .filter(f -> envelope ? f.envelope() : f.uid() != FetchData.ABSENT && f.flags() != null)
                .count();
    }

    static int exists(List<ImapResponse> responses) {
        return responses.stream().map(ImapResponse::text)
                .filter(t -> t.startsWith("* ") && t.toUpperCase().endsWith(" EXISTS"))
                .mapToInt(t -> Integer.parseInt(t.split(" ")[1])).reduce((a, b) -> b).orElse(0);
    }

    private static double millis(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    static byte[] message(int n, Random random) {
        String subject = n % SEARCH_EVERY == 0 ? "xyzzy " + n : "large " + n + " " + Messages.subjectWord(random);
        return Messages.generate("large-" + n + "-" + System.nanoTime(), subject, 2048 + random.nextInt(2048), random);
    }

    private static void build(Options options, ImapClient client, int from) throws IOException {
        Random random = new Random(from);
        if (options.lmtp() != null) {
            try (LmtpClient lmtp = LmtpClient.connect(options.lmtp())) {
                for (int n = from; n < options.messages(); n++) {
                    if (lmtp.deliver("bench@bench.test", List.of(options.rcpt()), message(n, random)) != 1) {
                        throw new IOException("LMTP refused message " + n);
                    }
                }
            }
            return;
        }
        List<String> tags = new ArrayList<>();
        for (int n = from; n < options.messages(); n++) {
            byte[] message = message(n, random);
            byte[] head = ("a" + n + " APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(head, head.length + message.length + 2);
            System.arraycopy(message, 0, all, head.length, message.length);
            all[all.length - 2] = '\r';
            all[all.length - 1] = '\n';
            client.write(all);
            tags.add("a" + n);
            if (tags.size() == APPEND_WINDOW || n == options.messages() - 1) {
                for (String tag : tags) {
                    List<ImapResponse> responses = client.until(tag);
                    if (!responses.get(responses.size() - 1).isOk()) {
                        throw new IOException("APPEND failed: " + responses.get(responses.size() - 1).text());
                    }
                }
                tags.clear();
            }
        }
    }

    private static void idleLatency(Options options, Report report) throws IOException {
        double[] latencies = new double[IDLE_ROUNDS];
        try (ImapClient idler = ImapClient.login(options.target(), options.user(), options.password());
             ImapClient other = ImapClient.login(options.target(), options.user(), options.password())) {
            int exists = exists(idler.ok("SELECT INBOX"));
            Random random = new Random(7);
            for (int round = 0; round < IDLE_ROUNDS; round++) {
                String tag = idler.send("IDLE");
                ImapResponse go = idler.read();
                if (!go.isContinuation()) {
                    throw new IOException("IDLE refused: " + go.text());
                }
                byte[] message = message(options.messages() + round + 1, random);
                long t0 = System.nanoTime();
                deliverOne(options, other, message);
                while (true) {
                    ImapResponse r = idler.read();
                    if (r.isUntagged() && r.text().toUpperCase().endsWith(" EXISTS")
                            && Integer.parseInt(r.text().split(" ")[1]) > exists) {
                        exists = Integer.parseInt(r.text().split(" ")[1]);
                        break;
                    }
                }
                latencies[round] = millis(t0);
                idler.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
                idler.until(tag);
            }
            // The messages delivered here are not part of the measured mailbox next time.
            idler.ok("STORE " + (exists - IDLE_ROUNDS + 1) + ":* +FLAGS.SILENT (\\Deleted)");
            idler.ok("EXPUNGE");
        }
        Arrays.sort(latencies);
        report.metric("IDLE notification median ms", latencies[IDLE_ROUNDS / 2]);
        report.metric("IDLE notification max ms", latencies[IDLE_ROUNDS - 1]);
    }

    /** Delivers one message by LMTP when configured, else by APPEND on the other connection. */
    static void deliverOne(Options options, ImapClient other, byte[] message) throws IOException {
        if (options.lmtp() != null) {
            try (LmtpClient lmtp = LmtpClient.connect(options.lmtp())) {
                if (lmtp.deliver("bench@bench.test", List.of(options.rcpt()), message) != 1) {
                    throw new IOException("LMTP refused the message");
                }
            }
            return;
        }
        String tag = other.send("APPEND INBOX {" + message.length + "+}");
        other.write(message);
        other.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        other.until(tag);
    }
}
