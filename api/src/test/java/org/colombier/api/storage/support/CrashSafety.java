package org.colombier.api.storage.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.UidSet;

/**
 * The drivers' crash-safety harness: SIGKILL of a JVM in the middle of a stream of appends
 * ({@link AppendLoop}), then every append that returned must be there with its UID and bytes, no
 * partial message visible, and no UID ever given twice.
 */
public final class CrashSafety {
    private CrashSafety() {
    }

    /**
     * Runs three child JVMs appending to the INBOX of {@code root} with {@code driver}, each killed
     * mid-append; returns the acknowledged appends, UID to message number.
     */
    public static Map<Long, Long> killWhileAppending(String driver, Path root) throws Exception {
        Map<Long, Long> acknowledged = new HashMap<>();
        long next = 0;
        for (int round = 0; round < 3; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AppendLoop.class.getName(), driver, root.toString(), String.valueOf(next))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int wanted = 150 + round * 37;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                int seen = 0;
                while (seen < wanted && (line = out.readLine()) != null) {
                    String[] f = line.split(" ");
                    long n = Long.parseLong(f[0]);
                    long uid = Long.parseLong(f[1]);
                    assertThat(acknowledged.put(uid, n)).as("UID %d given twice", uid).isNull();
                    next = n + 1;
                    seen++;
                }
                child.destroyForcibly(); // SIGKILL, mid-append
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            next += 1000; // numbers of unacknowledged appends are never reused either
        }
        return acknowledged;
    }

    /**
     * Asserts that {@code inbox} holds every acknowledged message with its bytes, that every message
     * in it is whole, and that UIDNEXT is past them all; returns its messages.
     */
    public static List<MessageInfo> assertNothingLost(Mailbox inbox, Map<Long, Long> acknowledged) throws Exception {
        List<MessageInfo> all = inbox.messages(UidSet.all());
        Map<Long, MessageInfo> byUid = new HashMap<>();
        all.forEach(m -> byUid.put(m.uid(), m));
        for (Map.Entry<Long, Long> ack : acknowledged.entrySet()) {
            assertThat(byUid).as("acknowledged UID %d", ack.getKey()).containsKey(ack.getKey());
            try (InputStream in = inbox.openMessage(ack.getKey())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(AppendLoop.body(ack.getValue()));
            }
        }
        for (MessageInfo m : all) {
            try (InputStream in = inbox.openMessage(m.uid())) {
                String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(text.length()).as("size of UID %d", m.uid()).isEqualTo(m.size());
                assertThat(text).as("UID %d is whole", m.uid()).matches("(?s)From: .*\r\nend \\d+\r\n");
            }
        }
        long maxAck = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(inbox.status().uidNext()).isGreaterThan(maxAck);
        return all;
    }
}
