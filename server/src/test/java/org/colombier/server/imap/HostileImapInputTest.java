package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear protocol error, never a crash, hang or escape; other clients are still served. */
@Timeout(60)
class HostileImapInputTest {
    @TempDir
    Path dir;
    private ImapServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = ImapServerFixture.start(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A second client logs in, selects and fetches while the hostile one is being handled. */
    private void aParallelClientIsServed() throws Exception {
        try (LineClient other = fixture.login("bob")) {
            other.send("p1 SELECT INBOX");
            assertThat(other.readUntil("p1 ")).last().asString().startsWith("p1 OK");
            other.send("p2 NOOP");
            assertThat(other.readUntil("p2 ")).last().isEqualTo("p2 OK NOOP completed.");
        }
    }

    @Test
    void unbalancedParenthesesAreBadAndTheSessionGoesOn() throws Exception {
        try (LineClient c = fixture.login("alice")) {
            c.send("a1 SELECT INBOX");
            c.readUntil("a1 ");
            c.send("a2 FETCH 1:* (FLAGS UID");
            assertThat(c.readLine()).startsWith("a2 BAD");
            c.send("a3 FETCH 1 FLAGS))");
            assertThat(c.readLine()).startsWith("a3 BAD");
            c.send("a4 SEARCH (((((ALL");
            assertThat(c.readLine()).startsWith("a4 BAD");
            c.send("a5 NOOP");
            assertThat(c.readUntil("a5 ")).last().isEqualTo("a5 OK NOOP completed.");
            aParallelClientIsServed();
        }
    }

    @Test
    void aTenGigabyteLiteralIsRefusedBeforeAnyOfItIsRead() throws Exception {
        try (LineClient c = fixture.login("alice")) {
            c.send("a1 APPEND INBOX {10737418240}");
            assertThat(c.readLine()).startsWith("a1 NO [TOOBIG]");
            c.send("a2 NOOP");
            assertThat(c.readLine()).isEqualTo("a2 OK NOOP completed.");
            aParallelClientIsServed();
            // the announced literal was never read: nothing landed in the mailbox
            c.send("a3 STATUS INBOX (MESSAGES)");
            assertThat(c.readLine()).isEqualTo("* STATUS INBOX (MESSAGES 0)");
        }
    }

    @Test
    void nulAndEightBitBytesInCommandsAreRefused() throws Exception {
        try (LineClient c = fixture.login("alice")) {
            c.sendBytes("a1 CREATE \"x\0y\"\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.readLine()).startsWith("a1 BAD");
            c.sendBytes("a2 CREATE \"caf\u00e9\"\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.readLine()).matches("a2 (BAD|NO) .*");
            c.sendBytes(new byte[] {'a', '3', ' ', (byte) 0xff, (byte) 0xfe, '\r', '\n'});
            assertThat(c.readLine()).startsWith("a3 BAD");
            c.send("a4 NOOP");
            assertThat(c.readLine()).isEqualTo("a4 OK NOOP completed.");
            aParallelClientIsServed();
        }
    }

    @Test
    void tenThousandPipelinedCommandsAreAllAnsweredInOrder() throws Exception {
        try (LineClient c = fixture.login("alice")) {
            c.send("s SELECT INBOX");
            c.readUntil("s ");
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 10_000; i++) {
                burst.writeBytes(("t" + i + (i % 2 == 0 ? " NOOP\r\n" : " FETCH 1:* FLAGS\r\n"))
                        .getBytes(StandardCharsets.US_ASCII));
            }
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    c.sendBytes(burst.toByteArray());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try {
                    aParallelClientIsServed();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 10_000; i++) {
                assertThat(c.readLine()).startsWith("t" + i + " OK");
            }
            writer.get(30, TimeUnit.SECONDS);
            other.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void mailboxNamesCannotClimbOutOfTheMailDirectory() throws Exception {
        Path outside = dir.resolve("escaped");
        try (LineClient c = fixture.login("alice")) {
            for (String name : List.of("../escaped", "a/../../escaped", "..", "~root", "a//b", "/etc")) {
                c.send("c CREATE \"" + name + "\"");
                assertThat(c.readLine()).as(name).startsWith("c NO");
            }
            c.send("r RENAME INBOX \"../../escaped\"");
            assertThat(c.readLine()).startsWith("r NO");
            c.send("s SELECT \"../../../etc\"");
            assertThat(c.readUntil("s ")).last().asString().startsWith("s NO");
            aParallelClientIsServed();
        }
        assertThat(outside).doesNotExist();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("escaped"))).isEmpty();
        }
    }
}
