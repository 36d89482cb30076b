package org.colombier.server.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.colombier.api.auth.UserLookup;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.server.Server;
import org.colombier.server.ServerOptions;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.MailFixture;
import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** LMTP delivery end to end: a real server on port 0, passwd-file users, Maildirs in a temp dir. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LmtpDeliveryTest {
    @TempDir
    Path dir;
    private MailFixture mail;
    private Server server;
    private LineClient client;

    private void start(TestConfig config) throws Exception {
        start(config, ServerOptions.DEFAULTS);
    }

    private void start(TestConfig config, ServerOptions options) throws Exception {
        server = Server.start(config.build(), options);
        client = LineClient.connect(server.port("lmtp"));
        assertThat(client.readLine()).isEqualTo("220 mx.test Colombier LMTP ready");
    }

    private MailFixture users() {
        mail = new MailFixture(dir)
                .user("alice@example.org")
                .user("bob@example.org", "userdb_quota_storage_size=1k")
                .user("carol@example.org");
        return mail;
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private void lhlo() throws Exception {
        client.send("LHLO mta.test");
        client.readUntil("250 ");
    }

    @Test
    void lhloAdvertisesTheDeliveryExtensions() throws Exception {
        start(users().config());
        client.send("LHLO mta.test");
        assertThat(client.readUntil("250 ")).containsExactly("250-mx.test", "250-PIPELINING", "250-8BITMIME",
                "250-ENHANCEDSTATUSCODES", "250-CHUNKING", "250-SIZE " + ServerOptions.DEFAULTS.lmtpMaxMessageSize(),
                "250 SMTPUTF8");
    }

    @Test
    void eachRecipientGetsItsOwnReplyInOrderAndAFailingOneDoesNotStopTheOthers() throws Exception {
        start(users().config().userdb("outage"));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger("lmtp")).addAppender(log);
        lhlo();
        client.send("MAIL FROM:<sender@example.net> BODY=8BITMIME SIZE=3000");
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK");
        client.send("RCPT TO:<alice@example.org>");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        client.send("RCPT TO:<nobody@example.org>");
        assertThat(client.readLine()).isEqualTo("550 5.1.1 <nobody@example.org>: User doesn't exist");
        client.send("RCPT TO:<outage@example.org>");
        assertThat(client.readLine()).isEqualTo("451 4.3.0 <outage@example.org>: Temporary user lookup failure");
        client.send("RCPT TO:<bob@example.org>");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        client.send("RCPT TO:<carol@example.org>");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        client.send("DATA");
        assertThat(client.readLine()).startsWith("354 ");
        String body = "x".repeat(70) + "\r\n";
        client.sendRaw("From: sender@example.net\r\nMessage-ID: <m1@example.net>\r\nSubject: hi\r\n\r\n"
                + body.repeat(30) + ".\r\n");
        assertThat(client.readLine()).matches("250 2\\.0\\.0 <alice@example\\.org> \\S+ Saved");
        assertThat(client.readLine()).isEqualTo("552 5.2.2 <bob@example.org>: Quota exceeded (mailbox for user is full)");
        assertThat(client.readLine()).matches("250 2\\.0\\.0 <carol@example\\.org> \\S+ Saved");

        List<String> alice = mail.inbox("alice@example.org");
        assertThat(alice).hasSize(1);
        assertThat(alice.get(0))
                .startsWith("Return-Path: <sender@example.net>\r\nDelivered-To: alice@example.org\r\n"
                        + "Received: from mta.test ([127.0.0.1])\r\n\tby mx.test with LMTP\r\n\tid ")
                .contains("\t(envelope-from <sender@example.net>)\r\n\tfor <alice@example.org>; ")
                .endsWith("Subject: hi\r\n\r\n" + body.repeat(30));
        assertThat(mail.inbox("carol@example.org")).hasSize(1);
        assertThat(mail.inbox("bob@example.org")).isEmpty();
        ((Logger) LoggerFactory.getLogger("lmtp")).detachAppender(log);
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.matches("lmtp\\(alice@example\\.org\\)<[^>]+><[^>]+>: msgid=<m1@example\\.net>: saved mail to INBOX"))
                .anyMatch(line -> line.matches("lmtp\\(bob@example\\.org\\)<.*: msgid=<m1@example\\.net>: save failed to INBOX: Quota exceeded.*"));
    }

    @Test
    void aStoppingServerRefusesTheMessageBeingReceivedAndStoresNothingOfIt() throws Exception {
        start(users().config());
        lhlo();
        client.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
        client.readLine();
        client.readLine();
        assertThat(client.readLine()).startsWith("354 ");
        client.sendRaw("Subject: cut short\r\n\r\nfirst half of the body\r\n");
        Thread stopper = new Thread(server::stop);
        stopper.start();
        assertThat(client.readLine()).isEqualTo("421 4.3.2 mx.test Server shutting down");
        assertThat(client.readLine()).isNull();
        stopper.join(30_000);
        assertThat(mail.inbox("alice@example.org")).isEmpty();
    }

    @Test
    void aWholePipelinedTransactionInOneWriteGetsEveryReplyInOrder() throws Exception {
        start(users().config());
        client.sendRaw("LHLO mta.test\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.org>\r\nRCPT TO:<ghost@example.org>\r\n"
                + "RCPT TO:<carol@example.org>\r\nDATA\r\nSubject: pipelined\r\n\r\n..dot-stuffed\r\nbare\nlf\r\n.\r\n"
                + "MAIL FROM:<x@example.net>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nSubject: second\r\n\r\nb\r\n.\r\nQUIT\r\n");
        client.readUntil("250 ");
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        assertThat(client.readLine()).startsWith("550 5.1.1 <ghost@example.org>");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        assertThat(client.readLine()).startsWith("354 ");
        assertThat(client.readLine()).startsWith("250 2.0.0 <alice@example.org> ");
        assertThat(client.readLine()).startsWith("250 2.0.0 <carol@example.org> ");
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        assertThat(client.readLine()).startsWith("354 ");
        assertThat(client.readLine()).startsWith("250 2.0.0 <alice@example.org> ");
        assertThat(client.readLine()).startsWith("221 2.0.0 ");
        assertThat(client.readLine()).isNull();

        List<String> alice = mail.inbox("alice@example.org");
        assertThat(alice).hasSize(2);
        assertThat(alice.get(0)).startsWith("Return-Path: <>\r\n")
                .endsWith("Subject: pipelined\r\n\r\n.dot-stuffed\r\nbare\r\nlf\r\n");
        assertThat(alice.get(1)).endsWith("Subject: second\r\n\r\nb\r\n");
    }

    @Test
    void bdatChunksMayBePipelinedAndEndWithLast() throws Exception {
        start(users().config());
        lhlo();
        String part1 = "Subject: chunked\r\n\r\nfirst line\r";
        String part2 = "\nsecond\nthird\r\n.\r\n";
        byte[] p1 = part1.getBytes(StandardCharsets.US_ASCII);
        byte[] p2 = part2.getBytes(StandardCharsets.US_ASCII);
        client.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<alice@example.org>\r\nRCPT TO:<carol@example.org>\r\n"
                + "BDAT " + p1.length + "\r\n" + part1 + "BDAT " + p2.length + " LAST\r\n" + part2 + "BDAT 0 LAST\r\n");
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        assertThat(client.readLine()).isEqualTo("250 2.0.0 OK " + p1.length + " octets received");
        assertThat(client.readLine()).startsWith("250 2.0.0 <alice@example.org> ");
        assertThat(client.readLine()).startsWith("250 2.0.0 <carol@example.org> ");
        // the transaction is over: a chunk without MAIL is read and refused
        assertThat(client.readLine()).isEqualTo("503 5.5.1 MAIL needed first");
        // BDAT content is not dot-unstuffed; bare LF becomes CRLF
        assertThat(mail.inbox("alice@example.org").get(0))
                .endsWith("Subject: chunked\r\n\r\nfirst line\r\nsecond\r\nthird\r\n.\r\n");
        client.send("NOOP");
        assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
    }

    @Test
    void aRefusedBdatChunkIsStillReadSoTheCommandStreamStaysInStep() throws Exception {
        start(users().config());
        lhlo();
        client.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<ghost@example.org>\r\nBDAT 6\r\nRSET\r\nBDAT 6 LAST\r\nQUIT\r\nRSET\r\n");
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK");
        assertThat(client.readLine()).startsWith("550 ");
        assertThat(client.readLine()).isEqualTo("554 5.5.1 No valid recipients");
        assertThat(client.readLine()).isEqualTo("554 5.5.1 No valid recipients");
        assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
    }

    @Test
    void dataIsRefusedWithoutValidRecipientsAndTheNextLinesAreCommands() throws Exception {
        start(users().config());
        lhlo();
        client.send("DATA");
        assertThat(client.readLine()).isEqualTo("503 5.5.1 MAIL needed first");
        client.send("MAIL FROM:<s@example.net>");
        client.readLine();
        client.send("RCPT TO:<ghost@example.org>");
        client.readLine();
        client.send("DATA");
        assertThat(client.readLine()).isEqualTo("554 5.5.1 No valid recipients");
        client.send("RSET");
        assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
        client.send("VRFY alice@example.org");
        assertThat(client.readLine()).isEqualTo("252 2.3.3 Try RCPT instead");
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedForEveryRecipientAndNothingIsStored() throws Exception {
        start(users().config(), ServerOptions.DEFAULTS.withLmtpMaxMessageSize(1000));
        lhlo();
        client.send("MAIL FROM:<s@example.net> SIZE=5000");
        assertThat(client.readLine()).isEqualTo("552 5.3.4 Message too big for system");
        client.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<alice@example.org>\r\nRCPT TO:<carol@example.org>\r\nDATA\r\n");
        client.readLine();
        client.readLine();
        client.readLine();
        assertThat(client.readLine()).startsWith("354 ");
        client.sendRaw("Subject: big\r\n\r\n" + (("y".repeat(98)) + "\r\n").repeat(20) + ".\r\n");
        assertThat(client.readLine()).isEqualTo("552 5.3.4 <alice@example.org>: Message too big");
        assertThat(client.readLine()).isEqualTo("552 5.3.4 <carol@example.org>: Message too big");
        assertThat(mail.inbox("alice@example.org")).isEmpty();
    }

    @Test
    void aLargeMessageIsSpooledToDiskAndStoredIntact() throws Exception {
        start(users().config());
        lhlo();
        client.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
        client.readLine();
        client.readLine();
        assertThat(client.readLine()).startsWith("354 ");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            body.append("line ").append(i).append(" of a message that does not fit in memory\r\n");
        }
        client.sendRaw("Subject: large\r\n\r\n" + body + ".\r\n");
        assertThat(client.readLine()).startsWith("250 2.0.0 <alice@example.org> ");
        assertThat(mail.inbox("alice@example.org").get(0)).endsWith("Subject: large\r\n\r\n" + body);
    }

    @Test
    void detailGoesToItsMailboxWhenItExistsAndToInboxOtherwise() throws Exception {
        start(users().config().setFor("lmtp", "lmtp_save_to_detail_mailbox", "yes", 50));
        mail.createMailbox("alice@example.org", "lists");
        lhlo();
        client.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<alice+lists@example.org>\r\nDATA\r\nSubject: list\r\n\r\nx\r\n.\r\n"
                + "MAIL FROM:<s@example.net>\r\nRCPT TO:<alice+nofolder@example.org>\r\nDATA\r\nSubject: plain\r\n\r\nx\r\n.\r\n");
        for (int i = 0; i < 8; i++) {
            assertThat(client.readLine()).startsWith(i % 4 == 2 ? "354" : "250");
        }
        assertThat(mail.messages("alice@example.org", MailboxPath.of(List.of("lists"))))
                .singleElement().asString().contains("Delivered-To: alice+lists@example.org\r\n").endsWith("Subject: list\r\n\r\nx\r\n");
        assertThat(mail.inbox("alice@example.org")).singleElement().asString().endsWith("Subject: plain\r\n\r\nx\r\n");
    }

    @Test
    void withRcptQuotaCheckAFullMailboxIsRefusedAtRcpt() throws Exception {
        mail = new MailFixture(dir).user("dave@example.org", "userdb_quota_message_count=1");
        start(mail.config().setFor("lmtp", "lmtp_rcpt_check_quota", "yes", 50));
        lhlo();
        client.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<dave@example.org>\r\nDATA\r\nSubject: 1\r\n\r\nx\r\n.\r\n"
                + "MAIL FROM:<s@example.net>\r\nRCPT TO:<dave@example.org>\r\n");
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        assertThat(client.readLine()).startsWith("354");
        assertThat(client.readLine()).startsWith("250 2.0.0 <dave@example.org>");
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK");
        assertThat(client.readLine()).isEqualTo("552 5.2.2 <dave@example.org>: Quota exceeded (mailbox for user is full)");
    }

    @Test
    void anOpenMailboxIsToldOfTheNewMessage() throws Exception {
        start(users().config());
        UserLookup.Found alice = (UserLookup.Found) server.services().authenticator().lookupUser("alice@example.org");
        CountDownLatch told = new CountDownLatch(1);
        try (UserMailboxes boxes = server.services().mailUsers().open(alice.user(), "imap");
             Mailbox inbox = boxes.open(MailboxPath.INBOX);
             AutoCloseable subscription = inbox.subscribe((path, modSeq) -> told.countDown())) {
            lhlo();
            client.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nSubject: new\r\n\r\nx\r\n.\r\n");
            client.readUntil("250 2.0.0 ");
            assertThat(told.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(inbox.status().messages()).isEqualTo(1);
        }
    }

    @Test
    void aBdatTransactionAfterStartTlsIsDelivered() throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, "EC", TestTls.KeyFormat.TRADITIONAL);
        start(TestConfig.tls(files).users(users().passwdFile(), dir.resolve("home")));
        lhlo();
        client.send("STARTTLS");
        assertThat(client.readLine()).isEqualTo("220 2.0.0 Ready to start TLS");
        client.startTls(TestTls.trusting(files.cert()));
        client.send("MAIL FROM:<s@example.net>");
        assertThat(client.readLine()).isEqualTo("503 5.5.1 LHLO first");
        client.sendRaw("LHLO mta.test\r\nMAIL FROM:<s@example.net>\r\nRCPT TO:<carol@example.org>\r\nBDAT 19 LAST\r\n"
                + "Subject: tls\r\n\r\nx\r\n");
        client.readUntil("250 SMTPUTF8");
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK");
        assertThat(client.readLine()).startsWith("250 2.0.0 <carol@example.org> ");
        assertThat(mail.inbox("carol@example.org")).singleElement().asString().endsWith("\r\nSubject: tls\r\n\r\nx\r\n");
    }

    @Test
    void commandErrorsAreClearAndTheSessionGoesOn() throws Exception {
        start(users().config());
        client.send("MAIL FROM:<a@example.org>");
        assertThat(client.readLine()).isEqualTo("503 5.5.1 LHLO first");
        lhlo();
        client.send("MAIL FROM:a@example.org");
        assertThat(client.readLine()).startsWith("501 5.5.4 ");
        client.send("MAIL FROM:<a@example.org> XFOO=1");
        assertThat(client.readLine()).isEqualTo("555 5.5.4 Unsupported parameter XFOO");
        client.send("MAIL FROM:<a@example.org> BODY=BINARYMIME");
        assertThat(client.readLine()).startsWith("501 5.5.4 ");
        client.send("RCPT TO:<alice@example.org>");
        assertThat(client.readLine()).isEqualTo("503 5.5.1 MAIL needed first");
        client.send("MAIL FROM:<a@example.org> SMTPUTF8");
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK");
        client.send("MAIL FROM:<a@example.org>");
        assertThat(client.readLine()).isEqualTo("503 5.5.1 MAIL already given");
        client.send("RCPT TO:<>");
        assertThat(client.readLine()).startsWith("501 5.5.4 ");
        client.send("BDAT x");
        assertThat(client.readLine()).isEqualTo("501 5.5.4 Invalid BDAT parameters");
        client.send("EHLO x");
        assertThat(client.readLine()).startsWith("500 ");
        client.send("X".repeat(10_000));
        assertThat(client.readLine()).isEqualTo("500 5.5.2 Line too long");
        client.send("NOOP");
        assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
    }
}
