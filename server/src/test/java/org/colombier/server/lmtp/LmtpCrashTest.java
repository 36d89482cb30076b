package org.colombier.server.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.colombier.server.testing.FreePort;
import org.colombier.server.Main;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.MailFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a child JVM killed in the middle of four parallel delivery streams: every message
 * that got its 250 is in the mailbox exactly once afterwards, and no stored message is partial.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LmtpCrashTest {
    private static final Pattern LISTENING = Pattern.compile("lmtp: listening on 127\\.0\\.0\\.1:(\\d+) \\(lmtp\\)");
    private static final int STREAMS = 4;

    @TempDir
    Path dir;

    private Process start(MailFixture mail) throws IOException {
        Path config = Files.writeString(dir.resolve("dovecot.conf"), String.join("\n",
                "dovecot_config_version = 2.4.0",
                "dovecot_storage_version = 2.4.0",
                "protocols = lmtp",
                "listen = 127.0.0.1",
                "ssl = no",
                "hostname = mx.test",
                "mail_driver = maildir",
                "mail_path = ~/Maildir",
                "passdb passwd-file {",
                "  passwd_file_path = " + mail.passwdFile(),
                "}",
                "userdb passwd-file {",
                "  passwd_file_path = " + mail.passwdFile(),
                "}",
                "service lmtp {",
                "  inet_listener lmtp {",
                "    port = " + FreePort.pick(),
                "  }",
                "}", ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-c", config.toString())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    private static int port(Process process) throws IOException {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = stdout.readLine();
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertThat(m.matches()).as("first stdout line: %s", line).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** A body that shows whether it arrived whole: numbered lines and an end marker. */
    private static String body(String id) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            b.append(id).append(" line ").append(i).append(" ").append("z".repeat(40)).append("\r\n");
        }
        return b.append("END ").append(id).append("\r\n").toString();
    }

    /** Delivers messages one after another until the connection dies; returns the ids that got a 250. */
    private static List<String> stream(int port, int stream, AtomicInteger confirmed) {
        List<String> saved = new ArrayList<>();
        try (LineClient client = LineClient.connect(port)) {
            client.readLine();
            client.send("LHLO crash.test");
            client.readUntil("250 ");
            for (int n = 0; ; n++) {
                String id = "s" + stream + "-" + n;
                client.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
                client.readLine();
                client.readLine();
                String ready = client.readLine();
                if (ready == null || !ready.startsWith("354")) {
                    return saved;
                }
                client.sendRaw("Message-ID: <" + id + "@crash.test>\r\nSubject: " + id + "\r\n\r\n" + body(id) + ".\r\n");
                String reply = client.readLine();
                if (reply == null) {
                    return saved;
                }
                assertThat(reply).startsWith("250 2.0.0 <alice@example.org>");
                saved.add(id);
                confirmed.incrementAndGet();
            }
        } catch (IOException e) {
            // the server was killed: what was confirmed so far is the result
            return saved;
        }
    }

    @Test
    void everyConfirmedMessageSurvivesSigkillExactlyOnceAndNoneIsPartial() throws Exception {
        MailFixture mail = new MailFixture(dir).user("alice@example.org");
        Process server = start(mail);
        Set<String> confirmedIds = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(STREAMS);
        try {
            int port = port(server);
            AtomicInteger confirmed = new AtomicInteger();
            List<Future<List<String>>> streams = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                int stream = s;
                streams.add(pool.submit(() -> stream(port, stream, confirmed)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (confirmed.get() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.destroyForcibly(); // SIGKILL, mid-stream
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (Future<List<String>> stream : streams) {
                confirmedIds.addAll(stream.get(30, TimeUnit.SECONDS));
            }
        } finally {
            server.destroyForcibly();
            pool.shutdownNow();
        }
        assertThat(confirmedIds).hasSizeGreaterThanOrEqualTo(STREAMS);

        // restart: the server comes up on the same Maildir and delivers again
        Process again = start(mail);
        try {
            int port = port(again);
            try (LineClient client = LineClient.connect(port)) {
                client.readLine();
                client.sendRaw("LHLO crash.test\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
                client.readUntil("354");
                client.sendRaw("Message-ID: <after@crash.test>\r\n\r\n" + body("after") + ".\r\n");
                assertThat(client.readLine()).startsWith("250 2.0.0 ");
            }
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }

        Map<String, Integer> seen = new HashMap<>();
        Pattern idPattern = Pattern.compile("Message-ID: <([^@]+)@crash\\.test>");
        for (String message : mail.inbox("alice@example.org")) {
            Matcher m = idPattern.matcher(message);
            assertThat(m.find()).as("a stored message without its id: %s", message).isTrue();
            String id = m.group(1);
            assertThat(message).as("message %s is whole", id).endsWith("\r\n\r\n" + body(id));
            seen.merge(id, 1, Integer::sum);
        }
        for (String id : confirmedIds) {
            assertThat(seen.get(id)).as("confirmed message %s stored once", id).isEqualTo(1);
        }
        assertThat(seen).containsEntry("after", 1);
        assertThat(seen.values()).allMatch(count -> count == 1);
    }
}
