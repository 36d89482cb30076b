package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Python's imaplib and curl's imap:// URLs against the server; skipped with a reason when the tool is absent. */
@Timeout(60)
class CommandLineClientsTest {
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

    private static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void pythonImaplibCreatesAppendsSearchesFetchesCopiesAndExpunges() throws Exception {
        assumeTrue(available("python3"), "python3 is not installed: imaplib session skipped");
        Path script = dir.resolve("imaplib_session.py");
        try (var in = getClass().getResourceAsStream("/imaplib_session.py")) {
            Files.write(script, in.readAllBytes());
        }
        String out = run(List.of("python3", script.toString(), String.valueOf(fixture.port()),
                ImapServerFixture.USER, ImapServerFixture.PASSWORD));
        assertThat(out.strip()).isEqualTo("OK");
    }

    @Test
    void curlFetchesAMessageAndListsMailboxesByUrl() throws Exception {
        assumeTrue(available("curl"), "curl is not installed: imap:// URL test skipped");
        try (LineClient c = fixture.login("alice")) {
            String message = "From: curl@example.org\r\nSubject: for curl\r\n\r\nfetched by curl\r\n";
            c.send("a APPEND INBOX {" + message.length() + "+}");
            c.sendRaw(message + "\r\n");
            assertThat(c.readUntil("a ")).last().asString().startsWith("a OK [APPENDUID");
        }
        String base = "imap://127.0.0.1:" + fixture.port() + "/";
        String user = ImapServerFixture.USER + ":" + ImapServerFixture.PASSWORD;
        String fetched = run(List.of("curl", "-sS", "--max-time", "20", "-u", user, base + "INBOX;UID=1"));
        assertThat(fetched).contains("Subject: for curl").contains("fetched by curl");
        String listing = run(List.of("curl", "-sS", "--max-time", "20", "-u", user, base));
        assertThat(listing).contains("INBOX");
        String searched = run(List.of("curl", "-sS", "--max-time", "20", "-u", user, base + "INBOX?SUBJECT%20curl"));
        assertThat(searched).contains("SEARCH 1");
    }
}
