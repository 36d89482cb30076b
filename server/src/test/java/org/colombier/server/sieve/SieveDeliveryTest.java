package org.colombier.server.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

import org.colombier.api.storage.MailboxPath;
import org.colombier.server.Server;
import org.colombier.server.ServerOptions;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.MailFixture;
import org.colombier.server.testing.SmtpSink;
import org.colombier.server.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sieve at LMTP delivery end to end: a real server on port 0 with {@code mail_plugins { sieve = yes }},
 * passwd-file users, Maildirs and scripts in a temp dir, outgoing mail caught by an SMTP sink on
 * loopback, stored mail read back over IMAP with Jakarta Mail.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SieveDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private MailFixture mail;
    private Server server;
    private SmtpSink sink;
    private final List<LineClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (LineClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.stop();
        }
        if (sink != null) {
            sink.close();
        }
    }

    /** alice and bob, each with a personal script {@code ~/sieve/main.sieve} made active through {@code ~/.dovecot.sieve}. */
    private TestConfig config(int submissionPort) throws Exception {
        mail = new MailFixture(dir).user("alice@example.org").user("bob@example.org");
        return mail.config()
                .setFor("lmtp", "mail_plugins", "quota sieve", 70)
                .set("submission_host", "127.0.0.1:" + submissionPort, 71)
                .set("state_dir", dir.resolve("state").toString(), 72)
                .sieveScript("personal", "personal", "~/sieve", "~/.dovecot.sieve");
    }

    private void activate(String user, String script) throws Exception {
        Path home = mail.home(user);
        Files.createDirectories(home.resolve("sieve"));
        Files.writeString(home.resolve("sieve/main.sieve"), script, StandardCharsets.UTF_8);
        Files.deleteIfExists(home.resolve(".dovecot.sieve"));
        Files.createSymbolicLink(home.resolve(".dovecot.sieve"), Path.of("sieve/main.sieve"));
    }

    private void start(TestConfig config) throws Exception {
        server = Server.start(config.build(), ServerOptions.DEFAULTS);
    }

    /** Sends one message over LMTP and returns the reply for each recipient. */
    private List<String> deliver(String from, String message, String... recipients) throws Exception {
        LineClient client = LineClient.connect(server.port("lmtp"));
        clients.add(client);
        client.readLine();
        client.send("LHLO mta.test");
        client.readUntil("250 ");
        client.send("MAIL FROM:<" + from + ">");
        assertThat(client.readLine()).startsWith("250 ");
        for (String r : recipients) {
            client.send("RCPT TO:<" + r + ">");
            assertThat(client.readLine()).startsWith("250 ");
        }
        client.send("DATA");
        assertThat(client.readLine()).startsWith("354 ");
        client.sendRaw(message.replace("\n", "\r\n") + ".\r\n");
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < recipients.length; i++) {
            replies.add(client.readLine());
        }
        client.send("QUIT");
        return replies;
    }

    private static String message(String subject) {
        return "From: Sender <sender@remote.test>\nTo: alice@example.org\nSubject: " + subject
                + "\nMessage-ID: <" + subject.replace(' ', '-') + "@remote.test>\n\nHello Alice.\n";
    }

    private Store imap(String user) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap.host", "127.0.0.1");
        p.put("mail.imap.port", String.valueOf(server.port("imap")));
        p.put("mail.imap.connectiontimeout", "5000");
        p.put("mail.imap.timeout", "10000");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect(user, "secret");
        return store;
    }

    @Test
    void fileintoStoresInFoldersWithFlagsAndEditedHeaderAndAMissingFolderFallsBackToInbox() throws Exception {
        sink = SmtpSink.start();
        start(config(sink.port()).set("sieve_extensions", "+editheader", 73));
        activate("alice@example.org", """
                require ["fileinto", "imap4flags", "mailbox", "editheader"];
                if header :contains "subject" "report" {
                    addheader "X-Filed-By" "colombier";
                    fileinto :create :flags ["\\\\Flagged", "$Report"] "Reports";
                } elsif header :contains "subject" "nowhere" {
                    fileinto "Missing";
                } else {
                    addflag "\\\\Seen";
                }
                """);
        assertThat(deliver("sender@remote.test", message("weekly report"), "alice@example.org"))
                .singleElement().asString().startsWith("250 2.0.0 <alice@example.org>");
        assertThat(deliver("sender@remote.test", message("to nowhere"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        assertThat(deliver("sender@remote.test", message("plain"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");

        try (Store store = imap("alice@example.org")) {
            Folder reports = store.getFolder("Reports");
            assertThat(reports.exists()).isTrue();
            reports.open(Folder.READ_ONLY);
            Message[] filed = reports.getMessages();
            assertThat(filed).hasSize(1);
            assertThat(filed[0].getSubject()).isEqualTo("weekly report");
            assertThat(filed[0].isSet(Flags.Flag.FLAGGED)).isTrue();
            assertThat(filed[0].getFlags().getUserFlags()).containsExactly("$Report");
            assertThat(filed[0].getHeader("X-Filed-By")).containsExactly("colombier");
            assertThat(filed[0].getHeader("Delivered-To")).containsExactly("alice@example.org");
            reports.close(false);

            assertThat(store.getFolder("Missing").exists()).isFalse();
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] kept = inbox.getMessages();
            assertThat(kept).extracting(Message::getSubject).containsExactly("to nowhere", "plain");
            assertThat(kept[0].isSet(Flags.Flag.SEEN)).isFalse();
            assertThat(kept[1].isSet(Flags.Flag.SEEN)).isTrue();
            inbox.close(false);
        }
        assertThat(sink.next(Duration.ofMillis(200))).isNull();
    }

    @Test
    void erejectRefusesThatRecipientAtDataWhileTheOthersGetTheirCopy() throws Exception {
        sink = SmtpSink.start();
        start(config(sink.port()));
        activate("alice@example.org", """
                require "ereject";
                ereject "I do not accept mail from you";
                """);
        assertThat(deliver("sender@remote.test", message("hello"), "alice@example.org", "bob@example.org"))
                .satisfiesExactly(
                        alice -> assertThat(alice).isEqualTo("550 5.7.1 <alice@example.org>: I do not accept mail from you"),
                        bob -> assertThat(bob).startsWith("250 2.0.0 <bob@example.org>"));
        assertThat(mail.inbox("alice@example.org")).isEmpty();
        assertThat(mail.inbox("bob@example.org")).hasSize(1);
        assertThat(sink.next(Duration.ofMillis(200))).isNull();
    }

    @Test
    void rejectAcceptsAndSendsARejectionNoticeWithANullSender() throws Exception {
        sink = SmtpSink.start();
        start(config(sink.port()));
        activate("alice@example.org", """
                require "reject";
                reject "Closed for the holidays.";
                """);
        assertThat(deliver("sender@remote.test", message("hello"), "alice@example.org"))
                .singleElement().asString().startsWith("250 2.0.0 <alice@example.org>");
        assertThat(mail.inbox("alice@example.org")).isEmpty();
        SmtpSink.Received notice = sink.next(WAIT);
        assertThat(notice).isNotNull();
        assertThat(notice.mailFrom()).isEmpty();
        assertThat(notice.recipients()).containsExactly("sender@remote.test");
        assertThat(notice.data()).contains("Subject: Rejected: hello\r\n", "Closed for the holidays.",
                "Final-Recipient: rfc822; alice@example.org", "Auto-Submitted: auto-replied (rejected)");
    }

    @Test
    void redirectSendsTheMessageOnWithTheOriginalSenderAndKeepsNoCopy() throws Exception {
        sink = SmtpSink.start();
        start(config(sink.port()));
        activate("alice@example.org", """
                redirect "alice@elsewhere.test";
                """);
        assertThat(deliver("sender@remote.test", message("forward me"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        SmtpSink.Received forwarded = sink.next(WAIT);
        assertThat(forwarded).isNotNull();
        assertThat(forwarded.mailFrom()).isEqualTo("sender@remote.test");
        assertThat(forwarded.recipients()).containsExactly("alice@elsewhere.test");
        assertThat(forwarded.data()).startsWith("X-Sieve-Redirected-From: alice@example.org\r\nFrom: Sender <sender@remote.test>\r\n")
                .endsWith("\r\n\r\nHello Alice.\r\n");
        assertThat(mail.inbox("alice@example.org")).isEmpty();
    }

    @Test
    void vacationRepliesOnceWithANullSenderAndKeepsTheMessage() throws Exception {
        sink = SmtpSink.start();
        start(config(sink.port()));
        activate("alice@example.org", """
                require "vacation";
                vacation :days 7 :subject "Away" "I am away until Monday.";
                """);
        assertThat(deliver("sender@remote.test", message("question"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        SmtpSink.Received reply = sink.next(WAIT);
        assertThat(reply).isNotNull();
        assertThat(reply.mailFrom()).isEmpty();
        assertThat(reply.recipients()).containsExactly("sender@remote.test");
        assertThat(reply.data()).contains("Subject: Away\r\n", "In-Reply-To: <question@remote.test>",
                "Auto-Submitted: auto-replied (vacation)", "I am away until Monday.");

        assertThat(deliver("sender@remote.test", message("another question"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        assertThat(mail.inbox("alice@example.org")).hasSize(2);
        assertThat(sink.next(Duration.ofSeconds(1))).as("one reply per sender and period").isNull();
    }

    @Test
    void enotifyMailtoSendsANotification() throws Exception {
        sink = SmtpSink.start();
        start(config(sink.port()));
        activate("alice@example.org", """
                require "enotify";
                notify :message "New mail from sender" "mailto:alice@phone.test?subject=Ping";
                """);
        assertThat(deliver("sender@remote.test", message("news"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        SmtpSink.Received note = sink.next(WAIT);
        assertThat(note).isNotNull();
        assertThat(note.mailFrom()).isEmpty();
        assertThat(note.recipients()).containsExactly("alice@phone.test");
        assertThat(note.data()).contains("Subject: Ping\r\n", "Auto-Submitted: auto-notified\r\n", "New mail from sender");
        assertThat(mail.inbox("alice@example.org")).hasSize(1);
    }

    @Test
    void outgoingMailWaitsInTheQueueUntilTheSubmissionHostComesUp() throws Exception {
        int port = SmtpSink.freePort();
        start(config(port));
        activate("alice@example.org", """
                redirect :copy "alice@elsewhere.test";
                """.replace("redirect :copy", "require \"copy\";\nredirect :copy"));
        assertThat(deliver("sender@remote.test", message("later"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        assertThat(mail.inbox("alice@example.org")).hasSize(1);
        Path queue = dir.resolve("state/submission-queue");
        assertThat(queued(queue)).isEqualTo(1);
        sink = SmtpSink.start(port);
        // the first retry would come after SubmissionSettings.FIRST_RETRY; a new message wakes the queue at once,
        // and once the host takes mail again the deferred one goes too
        assertThat(deliver("sender@remote.test", message("wake up"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SmtpSink.Received r = sink.next(WAIT);
            assertThat(r).isNotNull();
            subjects.add(r.data().replaceAll("(?s).*Subject: ([^\r]*)\r\n.*", "$1"));
        }
        assertThat(subjects).containsExactlyInAnyOrder("later", "wake up");
        // the sink records a message before its 250; the queue drops its file after reading that 250
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (queued(queue) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(queued(queue)).isZero();
    }

    private static long queued(Path queue) throws Exception {
        try (var files = Files.list(queue)) {
            return files.filter(f -> f.toString().endsWith(".msg")).count();
        }
    }

    @Test
    void aScriptWithSyntaxErrorsNeverLosesMail() throws Exception {
        sink = SmtpSink.start();
        start(config(sink.port()));
        activate("alice@example.org", """
                require "fileinto";
                if header :contains "subject" { discard; }
                fileinto "Junk"
                """);
        assertThat(deliver("sender@remote.test", message("still here"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        assertThat(mail.inbox("alice@example.org")).singleElement().asString().contains("Subject: still here");
    }

    @Test
    void aScriptFailingAtRunTimeKeepsTheMessageInInbox() throws Exception {
        sink = SmtpSink.start();
        start(config(sink.port()).set("sieve_max_redirects", "1", 73));
        activate("alice@example.org", """
                redirect "one@elsewhere.test";
                redirect "two@elsewhere.test";
                discard;
                """);
        assertThat(deliver("sender@remote.test", message("too many"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        assertThat(mail.inbox("alice@example.org")).singleElement().asString().contains("Subject: too many");
        assertThat(sink.next(Duration.ofMillis(300))).isNull();
    }

    @Test
    void aBeforeScriptRunsFirstAndItsDecisionStands() throws Exception {
        sink = SmtpSink.start();
        TestConfig config = config(sink.port());
        Path global = dir.resolve("global");
        Files.createDirectories(global);
        Files.writeString(global.resolve("10-spam.sieve"), """
                require ["fileinto", "mailbox"];
                if header :is "X-Spam" "yes" { fileinto :create "Junk"; stop; }
                """);
        start(config.sieveScript("spam", "before", global.toString(), null));
        activate("alice@example.org", """
                require "fileinto";
                fileinto "INBOX";
                """);
        assertThat(deliver("sender@remote.test", "X-Spam: yes\n" + message("spam"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        assertThat(deliver("sender@remote.test", message("ham"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        assertThat(mail.messages("alice@example.org", MailboxPath.of(List.of("Junk"))))
                .singleElement().asString().contains("Subject: spam");
        assertThat(mail.inbox("alice@example.org")).singleElement().asString().contains("Subject: ham");
    }

    @Test
    void theDefaultScriptRunsOnlyForUsersWithoutAnActiveScript() throws Exception {
        sink = SmtpSink.start();
        Path defaults = dir.resolve("default.sieve");
        Files.writeString(defaults, """
                require ["fileinto", "mailbox"];
                fileinto :create "Default";
                """);
        start(config(sink.port()).sieveScript("default", "default", defaults.toString(), null));
        activate("alice@example.org", "keep;\n");
        assertThat(deliver("sender@remote.test", message("to both"), "alice@example.org", "bob@example.org"))
                .allSatisfy(reply -> assertThat(reply).startsWith("250 "));
        assertThat(mail.inbox("alice@example.org")).hasSize(1);
        assertThat(mail.inbox("bob@example.org")).isEmpty();
        assertThat(mail.messages("bob@example.org", MailboxPath.of(List.of("Default")))).hasSize(1);
    }

    @Test
    void withoutTheSievePluginScriptsAreNotRun() throws Exception {
        sink = SmtpSink.start();
        start(config(sink.port()).setFor("lmtp", "mail_plugins", "quota", 70));
        activate("alice@example.org", "discard;\n");
        assertThat(deliver("sender@remote.test", message("kept"), "alice@example.org"))
                .singleElement().asString().startsWith("250 ");
        assertThat(mail.inbox("alice@example.org")).hasSize(1);
    }
}
