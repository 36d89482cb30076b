package org.colombier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.MailFixture;
import org.colombier.server.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quota_mail_size} (Dovecot 2.4): the largest message LMTP and IMAP APPEND save, advertised as
 * LMTP {@code SIZE} and IMAP {@code APPENDLIMIT} (RFC 7889).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailSizeLimitTest {
    @TempDir
    Path dir;
    private MailFixture mail;
    private Server server;

    private void start(TestConfig config) throws Exception {
        server = Server.start(config.build(), ServerOptions.DEFAULTS);
    }

    private TestConfig users() throws Exception {
        mail = new MailFixture(dir).user("alice");
        return mail.config();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private LineClient imapLogin() throws Exception {
        LineClient imap = LineClient.connect(server.port("imap"));
        imap.readLine();
        imap.send("a LOGIN alice secret");
        assertThat(imap.readUntil("a ")).last().asString().startsWith("a OK");
        return imap;
    }

    private LineClient lmtp() throws Exception {
        LineClient lmtp = LineClient.connect(server.port("lmtp"));
        lmtp.readLine();
        lmtp.send("LHLO mta.test");
        return lmtp;
    }

    @Test
    void imapAdvertisesTheLimitAsAppendlimitAfterLogin() throws Exception {
        start(users().set("quota_mail_size", "2k", 1));
        try (LineClient imap = imapLogin()) {
            imap.send("c CAPABILITY");
            assertThat(imap.readLine()).startsWith("* CAPABILITY ").endsWith(" APPENDLIMIT=2048");
        }
    }

    @Test
    void appendOverTheLimitIsRefusedWithToobigAndOneAtTheLimitIsSaved() throws Exception {
        start(users().set("quota_mail_size", "2k", 1));
        try (LineClient imap = imapLogin()) {
            imap.send("b APPEND INBOX {2049}");
            assertThat(imap.readLine()).isEqualTo("b NO [TOOBIG] Message too large (limit 2048 bytes)");
            String fits = "Subject: fits\r\n\r\n" + "x".repeat(2048 - 19) + "\r\n";
            imap.send("c APPEND INBOX {" + fits.length() + "}");
            assertThat(imap.readLine()).startsWith("+ ");
            imap.sendRaw(fits + "\r\n");
            assertThat(imap.readLine()).startsWith("c OK [APPENDUID ");
        }
        assertThat(mail.inbox("alice")).hasSize(1);
    }

    @Test
    void withoutTheSettingTheBuiltInCeilingIsAdvertised() throws Exception {
        start(users());
        try (LineClient imap = imapLogin()) {
            imap.send("c CAPABILITY");
            assertThat(imap.readLine()).endsWith(" APPENDLIMIT=" + (50L << 20));
        }
    }

    @Test
    void lmtpAdvertisesTheLimitAsSizeAndRefusesLargerMessages() throws Exception {
        start(users().set("quota_mail_size", "1k", 1));
        try (LineClient lmtp = lmtp()) {
            assertThat(lmtp.readUntil("250 ")).contains("250-SIZE 1024");
            lmtp.send("MAIL FROM:<s@example.net> SIZE=1025");
            assertThat(lmtp.readLine()).isEqualTo("552 5.3.4 Message too big for system");
            lmtp.sendRaw("MAIL FROM:<s@example.net>\r\nRCPT TO:<alice>\r\nDATA\r\n");
            lmtp.readLine();
            lmtp.readLine();
            assertThat(lmtp.readLine()).startsWith("354 ");
            lmtp.sendRaw("Subject: big\r\n\r\n" + ("y".repeat(98) + "\r\n").repeat(11) + ".\r\n");
            assertThat(lmtp.readLine()).isEqualTo("552 5.3.4 <alice>: Message too big");
        }
        assertThat(mail.inbox("alice")).isEmpty();
    }

    @Test
    void aProtocolFilterGivesLmtpItsOwnLimit() throws Exception {
        start(users().set("quota_mail_size", "2k", 1).setFor("lmtp", "quota_mail_size", "1k", 2));
        try (LineClient lmtp = lmtp()) {
            assertThat(lmtp.readUntil("250 ")).contains("250-SIZE 1024");
        }
        try (LineClient imap = imapLogin()) {
            imap.send("c CAPABILITY");
            assertThat(imap.readLine()).endsWith(" APPENDLIMIT=2048");
        }
    }
}
