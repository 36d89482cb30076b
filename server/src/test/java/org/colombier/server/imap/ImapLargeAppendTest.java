package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An APPEND far above the 256 KiB spool threshold is spooled to a temporary file and stored
 * whole, and every file write it causes (spool and Maildir) runs on a session worker, never on a
 * MINA I/O thread: the flight recorder names the thread of each write.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImapLargeAppendTest {
    private static final int LINES = 1100;

    @TempDir
    Path dir;

    @Test
    void aMegabyteAppendIsSpooledAndStoredByWorkersOnly() throws Exception {
        StringBuilder text = new StringBuilder("Subject: big\r\n\r\n");
        String line = "x".repeat(998);
        for (int i = 0; i < LINES; i++) {
            text.append(line).append("\r\n");
        }
        byte[] message = text.toString().getBytes(StandardCharsets.US_ASCII);
        Path recordingFile = dir.resolve("writes.jfr");
        try (ImapServerFixture fixture = ImapServerFixture.start(dir); LineClient c = fixture.login("alice");
             Recording recording = new Recording()) {
            recording.enable("jdk.FileWrite").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            c.sendRaw("a APPEND INBOX {" + message.length + "}\r\n");
            assertThat(c.readLine()).startsWith("+ ");
            c.sendBytes(message);
            c.sendRaw("\r\n");
            assertThat(c.readUntil("a ")).last().asString().startsWith("a OK [APPENDUID ");
            recording.stop();
            recording.dump(recordingFile);

            c.send("s SELECT INBOX");
            c.readUntil("s ");
            c.send("f FETCH 1 (RFC822.SIZE BODY[])");
            List<String> fetched = c.readUntil("f ");
            assertThat(fetched.get(0)).startsWith("* 1 FETCH (RFC822.SIZE " + message.length + " BODY[] {"
                    + message.length + "}");
            assertThat(fetched.stream().filter(line::equals).count()).isEqualTo(LINES);
            assertThat(fetched).last().asString().startsWith("f OK");
        }
        List<RecordedEvent> writes = RecordingFile.readAllEvents(recordingFile);
        List<String> spoolThreads = writes.stream()
                .filter(e -> String.valueOf(e.getString("path")).contains("imap-literal"))
                .map(e -> e.getThread().getJavaName()).distinct().toList();
        assertThat(spoolThreads).as("threads that wrote the literal's spool file").isNotEmpty()
                .allMatch(name -> name.startsWith("colombier-worker-"));
        List<String> mailThreads = writes.stream()
                .filter(e -> String.valueOf(e.getString("path")).startsWith(dir.toString()))
                .map(e -> e.getThread().getJavaName()).distinct().toList();
        assertThat(mailThreads).as("threads that wrote the message into the Maildir").isNotEmpty()
                .allMatch(name -> name.startsWith("colombier-worker-"));
    }
}
