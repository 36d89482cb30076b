package org.colombier.server.lmtp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.colombier.server.Server;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.MailFixture;

/**
 * LMTP delivery throughput, a benchmark entry point (not a test): an in-process server with
 * passwd-file users and Maildirs under a work directory; each connection delivers to its own
 * user, one message per transaction, waiting for the 250 (which comes after the fsyncs).
 *
 * <pre>
 * mvn -B -q -pl server -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp server/target/test-classes:server/target/classes:$(cat server/target/test-cp.txt) \
 *     org.colombier.server.lmtp.LmtpLoad [messages per run, default 400] [work directory, default a new temp dir]
 * </pre>
 * 100 KB runs send a quarter of the messages. On the shared 2-vCPU dev VM (mail_fsync = optimized,
 * ext4): 1 connection 87/s and 8 connections 396/s with 4 KB; 121/s and 316/s with 100 KB.
 * Prints deliveries/s for 1 and 8 connections with 4 KB and 100 KB messages.
 */
public final class LmtpLoad {
    private static final int[] CONNECTIONS = {1, 8};
    private static final int[] SIZES = {4 * 1024, 100 * 1024};

    private LmtpLoad() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        Path work = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("lmtp-load");
        MailFixture mail = new MailFixture(work);
        for (int i = 0; i < 8; i++) {
            mail.user("user" + i + "@bench.test");
        }
        try (Server server = Server.start(mail.config().build())) {
            int port = server.port("lmtp");
            for (int size : SIZES) {
                for (int connections : CONNECTIONS) {
                    run(port, connections, size, Math.max(connections, messages / (size > 4096 ? 4 : 1)));
                }
            }
        }
        System.out.println("mail in " + work);
    }

    private static void run(int port, int connections, int size, int total) throws Exception {
        String body = body(size);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int user = c;
            int share = total / connections;
            results.add(pool.submit(() -> deliver(port, "user" + user + "@bench.test", body, share)));
        }
        int delivered = 0;
        for (Future<Integer> result : results) {
            delivered += result.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("%d connection(s), %3d KB messages: %d in %.2f s = %.1f deliveries/s%n",
                connections, size / 1024, delivered, seconds, delivered / seconds);
    }

    private static int deliver(int port, String user, String body, int count) throws Exception {
        try (LineClient client = LineClient.connect(port)) {
            client.readLine();
            client.send("LHLO load.test");
            client.readUntil("250 ");
            for (int i = 0; i < count; i++) {
                client.sendRaw("MAIL FROM:<load@bench.test>\r\nRCPT TO:<" + user + ">\r\nDATA\r\n");
                client.readLine();
                client.readLine();
                client.readLine();
                client.sendRaw(body);
                String reply = client.readLine();
                if (reply == null || !reply.startsWith("250 ")) {
                    throw new IllegalStateException("delivery failed: " + reply);
                }
            }
            client.send("QUIT");
            return count;
        }
    }

    private static String body(int size) {
        StringBuilder b = new StringBuilder("From: load@bench.test\r\nSubject: load\r\n\r\n");
        while (b.length() < size) {
            b.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
        }
        return b.append(".\r\n").toString();
    }
}
