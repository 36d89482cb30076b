package org.colombier.server.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.server.Server;
import org.colombier.server.testing.MailFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Postfix hands mail to us over LMTP: a private Postfix instance (its own config
 * directory, queue and log, no SMTP listener) routes {@code example.org} with
 * {@code virtual_transport = lmtp:inet:127.0.0.1:PORT} or {@code lmtp:unix:PATH}; a message submitted with its
 * {@code sendmail} must end up in the users' Maildir INBOXes. Needs root (Postfix's master runs
 * as root and drops to {@code mail_owner}) and the {@code postfix} package.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostfixEndToEndTest {
    private static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    private static final Path SENDMAIL = Path.of("/usr/sbin/sendmail");
    private static final Path MASTER_CF = Path.of("/etc/postfix/master.cf");

    @TempDir
    Path dir;

    private String run(List<String> command, Path stdin) throws IOException, InterruptedException {
        Path output = dir.resolve("command-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        String text = Files.readString(output);
        assertThat(process.exitValue()).as("%s: %s%s", command, text, log()).isZero();
        return text;
    }

    private String log() throws IOException {
        Path log = dir.resolve("postfix/maillog");
        return Files.exists(log) ? "\nmaillog:\n" + Files.readString(log) : "";
    }

    @ParameterizedTest(name = "lmtp:{0}")
    @ValueSource(strings = {"inet", "unix"})
    void postfixDeliversThroughLmtpIntoTheMaildir(String transport) throws Exception {
        assumeTrue(Files.isExecutable(POSTFIX) && Files.isExecutable(SENDMAIL) && Files.isReadable(MASTER_CF),
                "Postfix is not installed (apt-get install postfix): skipping the Postfix end-to-end test");
        assumeTrue("root".equals(System.getProperty("user.name")),
                "Postfix's master must start as root: skipping the Postfix end-to-end test");
        UserPrincipal postfixUser;
        try {
            postfixUser = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix");
        } catch (IOException e) {
            assumeTrue(false, "no 'postfix' system user (the Debian package postfix creates it; .ci/run installs it): skipping the Postfix end-to-end test");
            return;
        }

        MailFixture mail = new MailFixture(dir.resolve("mail")).user("alice@example.org").user("carol@example.org");
        Files.createDirectories(dir.resolve("mail"));
        Path socket = dir.resolve("run/lmtp");
        try (Server server = Server.start(mail.config().lmtpSocket(socket, 0666).build())) {
            Path base = dir.resolve("postfix");
            Path conf = Files.createDirectories(base.resolve("conf"));
            Path queue = Files.createDirectories(base.resolve("queue"));
            Path data = Files.createDirectories(base.resolve("data"));
            // Postfix's daemons run as the postfix user and must reach their queue
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setOwner(data, postfixUser);
            Files.writeString(conf.resolve("main.cf"), String.join("\n",
                    "compatibility_level = 3.6",
                    "queue_directory = " + queue,
                    "data_directory = " + data,
                    "mail_owner = postfix",
                    "setgid_group = postdrop",
                    "myhostname = relay.test",
                    "mydomain = test",
                    "mydestination =",
                    "inet_interfaces = loopback-only",
                    "inet_protocols = ipv4",
                    "relayhost =",
                    "alias_maps =",
                    "alias_database =",
                    "virtual_mailbox_domains = example.org",
                    "virtual_transport = " + (transport.equals("inet") ? "lmtp:inet:127.0.0.1:" + server.port("lmtp")
                            : "lmtp:unix:" + socket),
                    "maillog_file_prefixes = " + base,
                    "maillog_file = " + base.resolve("maillog"),
                    ""));
            Files.write(conf.resolve("master.cf"), privateMasterCf());
            run(List.of(POSTFIX.toString(), "-c", conf.toString(), "start"), null);
            try {
                Path message = Files.writeString(dir.resolve("message.txt"), String.join("\n",
                        "From: sender@example.net",
                        "To: alice@example.org, carol@example.org",
                        "Subject: through Postfix",
                        "Message-ID: <postfix-e2e@example.net>",
                        "",
                        "Hello over LMTP.",
                        ".a line starting with a dot",
                        ""), StandardCharsets.UTF_8);
                run(List.of(SENDMAIL.toString(), "-C", conf.toString(), "-f", "sender@example.net",
                        "alice@example.org", "carol@example.org"), message);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while ((mail.inbox("alice@example.org").isEmpty() || mail.inbox("carol@example.org").isEmpty())
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                List<String> alice = mail.inbox("alice@example.org");
                assertThat(alice).as("alice's INBOX%s", log()).hasSize(1);
                assertThat(alice.get(0))
                        .startsWith("Return-Path: <sender@example.net>\r\nDelivered-To: alice@example.org\r\n")
                        .contains("by mx.test with LMTP", "by relay.test (Postfix", "Subject: through Postfix\r\n")
                        .endsWith("\r\n\r\nHello over LMTP.\r\n.a line starting with a dot\r\n");
                assertThat(mail.inbox("carol@example.org")).hasSize(1);
                assertThat(Files.readString(base.resolve("maillog"))).contains("status=sent (250 2.0.0 <alice@example.org>");
            } finally {
                run(List.of(POSTFIX.toString(), "-c", conf.toString(), "stop"), null);
            }
        }
    }

    /** Debian's master.cf without network listeners and without chroot (nothing is set up inside the queue). */
    private static List<String> privateMasterCf() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(MASTER_CF)) {
            String[] fields = line.trim().split("\\s+");
            if (line.isEmpty() || !Character.isLetter(line.charAt(0)) || fields.length < 8) {
                out.add(line);
            } else if (!fields[1].equals("inet")) {
                fields[4] = "n";
                out.add(String.join(" ", fields));
            }
        }
        return out;
    }
}
