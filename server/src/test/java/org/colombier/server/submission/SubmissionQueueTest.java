package org.colombier.server.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.MessageSource;
import org.colombier.server.testing.SmtpSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The outgoing queue against an SMTP sink on loopback: durability, retries, permanent refusals, dot-stuffing. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SubmissionQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private SubmissionSettings settings(int port) {
        return new SubmissionSettings("127.0.0.1", port, "no", Duration.ofSeconds(5), "mx.test", dir.resolve("queue"),
                Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    private static MessageSource message(String text) {
        return MessageSource.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> queued() throws Exception {
        try (var files = Files.list(dir.resolve("queue"))) {
            return files.filter(f -> f.toString().endsWith(".msg")).toList();
        }
    }

    @Test
    void aMessageIsOnDiskWhenEnqueueReturnsAndIsSentWithItsEnvelope() throws Exception {
        try (SmtpSink sink = SmtpSink.start(); SubmissionQueue queue = new SubmissionQueue(settings(sink.port()))) {
            queue.enqueue("", List.of("a@remote.test", "b@remote.test"),
                    message("Subject: dots\n\n.leading dot\n..two\nlast line without newline"));
            SmtpSink.Received r = sink.next(WAIT);
            assertThat(r).isNotNull();
            assertThat(r.mailFrom()).isEmpty();
            assertThat(r.recipients()).containsExactly("a@remote.test", "b@remote.test");
            assertThat(r.data()).isEqualTo("Subject: dots\r\n\r\n.leading dot\r\n..two\r\nlast line without newline\r\n");
        }
    }

    @Test
    void whileTheHostIsDownTheMessageStaysQueuedAndIsRetriedWithBackoff() throws Exception {
        int port = SmtpSink.freePort();
        try (SubmissionQueue queue = new SubmissionQueue(settings(port))) {
            queue.enqueue("sender@example.org", List.of("x@remote.test"), message("Subject: retry\n\nbody\n"));
            assertThat(queued()).hasSize(1);
            Thread.sleep(700); // a few failed attempts
            assertThat(queued()).hasSize(1);
            try (SmtpSink sink = SmtpSink.start(port)) {
                SmtpSink.Received r = sink.next(WAIT);
                assertThat(r).isNotNull();
                assertThat(r.mailFrom()).isEqualTo("sender@example.org");
                assertThat(r.data()).contains("Subject: retry");
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!queued().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20); // the file goes once the sink's 250 is read
                }
            }
        }
        assertThat(queued()).isEmpty();
    }

    @Test
    void messagesLeftByAStoppedQueueAreSentByTheNextOne() throws Exception {
        int port = SmtpSink.freePort();
        try (SubmissionQueue queue = new SubmissionQueue(settings(port).withRetry(Duration.ofHours(1), Duration.ofHours(1)))) {
            queue.enqueue("", List.of("x@remote.test"), message("Subject: survivor\n\nbody\n"));
        }
        assertThat(queued()).hasSize(1);
        try (SmtpSink sink = SmtpSink.start(port); SubmissionQueue queue = new SubmissionQueue(settings(port))) {
            SmtpSink.Received r = sink.next(WAIT);
            assertThat(r).isNotNull();
            assertThat(r.data()).contains("Subject: survivor");
        }
    }

    @Test
    void aPermanentRefusalMovesTheMessageAsideInsteadOfDroppingIt() throws Exception {
        try (SmtpSink sink = SmtpSink.start().rcptReply("550 5.1.1 no such user");
             SubmissionQueue queue = new SubmissionQueue(settings(sink.port()))) {
            queue.enqueue("", List.of("nobody@remote.test"), message("Subject: refused\n\nbody\n"));
            Path failed = dir.resolve("queue/failed");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(Files.isDirectory(failed) && Files.list(failed).findAny().isPresent()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            try (var files = Files.list(failed)) {
                assertThat(files).singleElement().satisfies(f ->
                        assertThat(Files.readString(f)).startsWith("MAIL FROM:<>\nRCPT TO:<nobody@remote.test>\n\nSubject: refused"));
            }
            assertThat(queued()).isEmpty();
            assertThat(sink.next(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void anAddressThatCouldInjectSmtpCommandsIsRefused() throws Exception {
        try (SubmissionQueue queue = new SubmissionQueue(settings(SmtpSink.freePort()))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.enqueue("", List.of("a@b>\r\nRCPT TO:<c@d"),
                    message("x\n"))).isInstanceOf(java.io.IOException.class);
        }
    }
}
