package org.colombier.server.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.server.Server;
import org.colombier.server.testing.MailFixture;
import org.colombier.server.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real LMTP clients against the server: Python's smtplib.LMTP and swaks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LmtpRealClientsTest {
    @TempDir
    Path dir;
    private MailFixture mail;
    private Server server;

    @BeforeEach
    void start() throws Exception {
        mail = new MailFixture(dir).user("alice@example.org").user("carol@example.org");
        server = Server.start(mail.config().build());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private record Run(int status, String output) {
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path output = dir.resolve("output.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish: " + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }

    @Test
    void pythonSmtplibLmtpDeliversAndIsToldOfTheUnknownRecipient() throws Exception {
        assumeTrue(Tools.onPath("python3"), "python3 is not installed: skipping the smtplib.LMTP test");
        String script = String.join("\n",
                "import smtplib, sys",
                "from email.message import EmailMessage",
                "m = EmailMessage()",
                "m['From'] = 'sender@example.net'",
                "m['To'] = 'alice@example.org'",
                "m['Subject'] = 'Grüße from smtplib'",
                "m['Message-ID'] = '<py1@example.net>'",
                "m.set_content('Hello Alice,\\n.leading dot line\\n')",
                "s = smtplib.LMTP('127.0.0.1', int(sys.argv[1]))",
                "s.ehlo('python.test')",
                "print('esmtp', sorted(s.esmtp_features))",
                "refused = s.send_message(m, to_addrs=['alice@example.org', 'ghost@example.org'])",
                "print('refused', refused)",
                "s.quit()");
        Path file = Files.writeString(dir.resolve("lmtp.py"), script, StandardCharsets.UTF_8);
        Run run = run(List.of("python3", file.toString(), String.valueOf(server.port("lmtp"))));
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("chunking", "pipelining", "8bitmime", "smtputf8")
                .contains("refused {'ghost@example.org': (550, b\"5.1.1 <ghost@example.org>: User doesn't exist\")}");
        List<String> inbox = mail.inbox("alice@example.org");
        assertThat(inbox).singleElement().asString()
                .contains("Message-ID: <py1@example.net>\r\n")
                .contains("\r\n\r\nHello Alice,\r\n.leading dot line\r\n");
    }

    @Test
    void swaksPipeliningToTwoRecipients() throws Exception {
        assumeTrue(Tools.onPath("swaks"), "swaks is not installed (apt-get install swaks): skipping");
        List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port",
                String.valueOf(server.port("lmtp")), "--protocol", "LMTP", "--pipeline", "--helo", "swaks.test",
                "--from", "sender@example.net", "--to", "alice@example.org,carol@example.org",
                "--header", "Subject: from swaks", "--body", "swaks body", "--timeout", "20"));
        Run run = run(command);
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("<-  250 2.0.0 <alice@example.org>", "<-  250 2.0.0 <carol@example.org>")
                .doesNotContain("<** ");
        assertThat(mail.inbox("alice@example.org")).singleElement().asString().contains("Subject: from swaks");
        assertThat(mail.inbox("carol@example.org")).singleElement().asString().contains("swaks body");
    }
}
