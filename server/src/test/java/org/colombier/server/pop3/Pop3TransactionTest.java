package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.net.ssl.SSLContext;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.SystemFlag;
import org.colombier.config.SslMode;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 1939 TRANSACTION and UPDATE over raw sockets, byte for byte. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Pop3TransactionTest {
    @TempDir
    Path dir;
    private Pop3Fixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Pop3Fixture fixture() throws Exception {
        fixture = new Pop3Fixture(dir);
        return fixture;
    }

    private static String uidl(long uid, long uidValidity) {
        return String.format("%08x%08x", uid, uidValidity);
    }

    @Test
    void statListUidlRetrTopReportExactOctetsAndStuffDots() throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2));
        long uidValidity = f.inbox("alice", inbox -> inbox.status().uidValidity());
        f.start();
        int size1 = Pop3Fixture.message(1).length();
        int size2 = Pop3Fixture.message(2).length();
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("STAT")).isEqualTo("+OK 2 " + (size1 + size2));
            assertThat(c.command("LIST")).isEqualTo("+OK 2 messages:");
            assertThat(c.readLines()).containsExactly("1 " + size1, "2 " + size2);
            assertThat(c.command("LIST 2")).isEqualTo("+OK 2 " + size2);
            assertThat(c.command("UIDL")).isEqualTo("+OK");
            assertThat(c.readLines()).containsExactly("1 " + uidl(1, uidValidity), "2 " + uidl(2, uidValidity));
            assertThat(c.command("UIDL 1")).isEqualTo("+OK 1 " + uidl(1, uidValidity));
            assertThat(c.command("RETR 1")).isEqualTo("+OK " + size1 + " octets");
            String expected = Pop3Fixture.message(1).replace("\r\n.leading", "\r\n..leading") + ".\r\n";
            assertThat(new String(c.readMultiLine(), StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(c.command("TOP 2 1")).isEqualTo("+OK");
            assertThat(new String(c.readMultiLine(), StandardCharsets.UTF_8)).isEqualTo(
                    "From: sender@example.org\r\nTo: alice@example.org\r\nSubject: message 2\r\n"
                            + "Message-ID: <2@example.org>\r\n\r\nBody of message 2.\r\n.\r\n");
            assertThat(c.command("NOOP")).isEqualTo("+OK");
            assertThat(c.command("QUIT")).isEqualTo("+OK Logging out.");
            assertThat(c.readLine()).isNull();
        }
    }

    @Test
    void bareLineFeedsInStoredMailAreSentAsCrlfWithMatchingOctetCounts() throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", "Subject: first\r\n\r\nx\r\n");
        Path file = f.maildir("alice").resolve("new").resolve("1700000000.M1P1.mda");
        Files.writeString(file, "Subject: lf only\n\n.dot\nend");
        f.start();
        String expected = "Subject: lf only\r\n\r\n..dot\r\nend\r\n.\r\n";
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("LIST 2")).isEqualTo("+OK 2 " + "Subject: lf only\r\n\r\n.dot\r\nend".length());
            assertThat(c.command("RETR 2")).isEqualTo("+OK " + "Subject: lf only\r\n\r\n.dot\r\nend".length() + " octets");
            assertThat(new String(c.readMultiLine(), StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    @Test
    void deletionsApplyOnlyAtQuitAndRsetUndoesThem() throws Exception {
        Pop3Fixture f = fixture();
        List<Long> uids = f.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2), Pop3Fixture.message(3));
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("DELE 1")).isEqualTo("+OK Marked to be deleted.");
            assertThat(c.command("DELE 1")).isEqualTo("-ERR Message is deleted.");
            assertThat(c.command("RETR 1")).isEqualTo("-ERR Message is deleted.");
            assertThat(c.command("STAT")).startsWith("+OK 2 ");
            assertThat(c.command("RSET")).isEqualTo("+OK");
            assertThat(c.command("STAT")).startsWith("+OK 3 ");
            assertThat(c.command("DELE 2")).isEqualTo("+OK Marked to be deleted.");
            assertThat(c.command("LIST")).isEqualTo("+OK 2 messages:");
            assertThat(c.readLines()).extracting(l -> l.split(" ")[0]).containsExactly("1", "3");
            assertThat(f.messages("alice")).hasSize(3);
            assertThat(c.command("QUIT")).isEqualTo("+OK Logging out, messages deleted.");
            assertThat(c.readLine()).isNull();
        }
        assertThat(f.messages("alice")).extracting(MessageInfo::uid).containsExactly(uids.get(0), uids.get(2));
    }

    @Test
    void aDroppedConnectionDeletesNothingButRetrievedMailIsSeen() throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2));
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("RETR 1")).startsWith("+OK");
            c.readMultiLine();
            assertThat(c.command("DELE 1")).startsWith("+OK");
            assertThat(c.command("DELE 2")).startsWith("+OK");
        }
        assertThat(waitFor(() -> f.messages("alice").get(0).flags().has(SystemFlag.SEEN))).isTrue();
        List<MessageInfo> after = f.messages("alice");
        assertThat(after).hasSize(2);
        assertThat(after.get(1).flags().has(SystemFlag.SEEN)).isFalse();
    }

    @Test
    void retrMarksSeenAtQuitAndTopDoesNot() throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2));
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            c.command("RETR 1");
            c.readMultiLine();
            c.command("TOP 2 0");
            c.readMultiLine();
            assertThat(c.command("QUIT")).isEqualTo("+OK Logging out.");
        }
        List<MessageInfo> after = f.messages("alice");
        assertThat(after.get(0).flags().has(SystemFlag.SEEN)).isTrue();
        assertThat(after.get(1).flags().has(SystemFlag.SEEN)).isFalse();
    }

    @Test
    void noFlagUpdatesLeavesSeenAlone() throws Exception {
        Pop3Fixture f = fixture().pop3Setting("pop3_no_flag_updates", "yes");
        f.deliver("alice", Pop3Fixture.message(1));
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            c.command("RETR 1");
            c.readMultiLine();
            assertThat(c.command("QUIT")).isEqualTo("+OK Logging out.");
        }
        assertThat(f.messages("alice").get(0).flags().has(SystemFlag.SEEN)).isFalse();
    }

    @Test
    void deletedFlagKeepsMessagesForImapAndHidesThemFromPop3() throws Exception {
        Pop3Fixture f = fixture().pop3Setting("pop3_deleted_flag", "$POP3Deleted");
        f.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2));
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            c.command("DELE 1");
            assertThat(c.command("QUIT")).isEqualTo("+OK Logging out, messages deleted.");
        }
        List<MessageInfo> after = f.messages("alice");
        assertThat(after).hasSize(2);
        assertThat(after.get(0).flags().hasKeyword("$POP3Deleted")).isTrue();
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("STAT")).isEqualTo("+OK 1 " + Pop3Fixture.message(2).length());
            assertThat(c.command("UIDL")).isEqualTo("+OK");
            assertThat(c.readLines()).hasSize(1).allMatch(l -> l.startsWith("1 00000002"));
        }
    }

    @Test
    void theMaildropIsASnapshotTakenAtLogin() throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", Pop3Fixture.message(1));
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            f.deliver("alice", Pop3Fixture.message(2));
            assertThat(c.command("STAT")).isEqualTo("+OK 1 " + Pop3Fixture.message(1).length());
            assertThat(c.command("RETR 2")).isEqualTo("-ERR There's no message 2.");
            assertThat(c.command("QUIT")).isEqualTo("+OK Logging out.");
        }
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("STAT")).startsWith("+OK 2 ");
        }
    }

    @Test
    void invalidMessageNumbersAndArgumentsAreProtocolErrors() throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", Pop3Fixture.message(1));
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("RETR 0")).isEqualTo("-ERR There's no message 0.");
            assertThat(c.command("RETR 2")).isEqualTo("-ERR There's no message 2.");
            assertThat(c.command("RETR")).isEqualTo("-ERR Invalid message number: ");
            assertThat(c.command("RETR -1")).isEqualTo("-ERR Invalid message number: -1");
            assertThat(c.command("RETR abc")).isEqualTo("-ERR Invalid message number: abc");
            assertThat(c.command("RETR 99999999999999999999")).isEqualTo("-ERR Message number too large: 99999999999999999999");
            assertThat(c.command("LIST 7")).isEqualTo("-ERR There's no message 7.");
            assertThat(c.command("UIDL x")).isEqualTo("-ERR Invalid message number: x");
            assertThat(c.command("DELE 5")).isEqualTo("-ERR There's no message 5.");
            assertThat(c.command("TOP 1")).isEqualTo("-ERR TOP needs a message number and a number of lines.");
            assertThat(c.command("TOP 1 x")).isEqualTo("-ERR Invalid number of lines: x");
            assertThat(c.command("STAT 1")).isEqualTo("-ERR STAT takes no arguments.");
            assertThat(c.command("USER bob")).isEqualTo("-ERR Unknown command: USER");
            assertThat(c.command("XTND XMIT")).isEqualTo("-ERR Unknown command: XTND");
            assertThat(c.command("STAT")).isEqualTo("+OK 1 " + Pop3Fixture.message(1).length());
        }
    }

    @Test
    void transactionCommandsBeforeLoginAreRefused() throws Exception {
        Pop3Fixture f = fixture();
        f.start();
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(c.command("STAT")).isEqualTo("-ERR Unknown command: STAT");
            assertThat(c.command("PASS secret")).isEqualTo("-ERR No username given.");
            assertThat(c.command("USER alice")).isEqualTo("+OK");
            assertThat(c.command("PASS wrong")).isEqualTo("-ERR [AUTH] Authentication failed.");
            assertThat(c.command("USER nosuchuser")).isEqualTo("+OK");
            assertThat(c.command("PASS secret")).isEqualTo("-ERR [AUTH] Authentication failed.");
            assertThat(c.command("USER alice")).isEqualTo("+OK");
            assertThat(c.command("PASS secret")).isEqualTo("+OK Logged in.");
        }
    }

    @Test
    void capaDiffersBeforeAndAfterLogin() throws Exception {
        Pop3Fixture f = fixture().mechanisms("plain", "login", "scram-sha-256");
        f.start();
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(c.command("CAPA")).isEqualTo("+OK Capability list follows");
            assertThat(c.readLines()).containsExactly("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING",
                    "AUTH-RESP-CODE", "USER", "SASL PLAIN LOGIN SCRAM-SHA-256", "IMPLEMENTATION Colombier");
            c.command("USER alice");
            c.command("PASS secret");
            assertThat(c.command("CAPA")).isEqualTo("+OK Capability list follows");
            assertThat(c.readLines()).containsExactly("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING",
                    "AUTH-RESP-CODE", "IMPLEMENTATION Colombier");
        }
    }

    @Test
    void authPlainWithInitialResponseAndWithContinuation() throws Exception {
        Pop3Fixture f = fixture();
        f.start();
        String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(c.command("AUTH PLAIN " + plain)).isEqualTo("+OK Logged in.");
        }
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(c.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.command(plain)).isEqualTo("+OK Logged in.");
        }
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(c.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.command("*")).isEqualTo("-ERR Authentication aborted by client.");
            assertThat(c.command("AUTH PLAIN !!!")).isEqualTo("-ERR Invalid base64 data in initial response.");
            assertThat(c.command("AUTH X-UNKNOWN")).isEqualTo("-ERR Unsupported authentication mechanism.");
            String wrong = Base64.getEncoder().encodeToString("\0alice\0nope".getBytes(StandardCharsets.UTF_8));
            assertThat(c.command("AUTH PLAIN " + wrong)).isEqualTo("-ERR [AUTH] Authentication failed.");
            assertThat(c.command("AUTH")).isEqualTo("+OK");
            assertThat(c.readLines()).containsExactly("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256");
        }
    }

    @Test
    void authLoginAndCramMd5() throws Exception {
        Pop3Fixture f = fixture();
        f.start();
        Base64.Encoder b64 = Base64.getEncoder();
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(c.command("AUTH LOGIN")).isEqualTo("+ " + b64.encodeToString("Username:".getBytes()));
            assertThat(c.command(b64.encodeToString("alice".getBytes()))).isEqualTo("+ " + b64.encodeToString("Password:".getBytes()));
            assertThat(c.command(b64.encodeToString("secret".getBytes()))).isEqualTo("+OK Logged in.");
        }
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            String challenge = c.command("AUTH CRAM-MD5");
            assertThat(challenge).startsWith("+ ");
            byte[] nonce = Base64.getDecoder().decode(challenge.substring(2));
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec("secret".getBytes(), "HmacMD5"));
            String answer = "alice " + HexFormat.of().formatHex(mac.doFinal(nonce));
            assertThat(c.command(b64.encodeToString(answer.getBytes()))).isEqualTo("+OK Logged in.");
        }
    }

    @Test
    void authScramSendsItsServerSignatureBeforeOk() throws Exception {
        Pop3Fixture f = fixture();
        f.start();
        Base64.Encoder b64 = Base64.getEncoder();
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            String clientFirstBare = "n=alice,r=clientnonce123";
            String serverFirst = new String(Base64.getDecoder().decode(
                    c.command("AUTH SCRAM-SHA-256 " + b64.encodeToString(("n,," + clientFirstBare).getBytes())).substring(2)));
            Matcher m = Pattern.compile("r=([^,]+),s=([^,]+),i=(\\d+)").matcher(serverFirst);
            assertThat(m.matches()).isTrue();
            byte[] salted = pbkdf2("secret", Base64.getDecoder().decode(m.group(2)), Integer.parseInt(m.group(3)));
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            String withoutProof = "c=" + b64.encodeToString("n,,".getBytes()) + ",r=" + m.group(1);
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] signature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            String serverFinal = c.command(b64.encodeToString((withoutProof + ",p=" + b64.encodeToString(proof)).getBytes()));
            byte[] serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
            assertThat(serverFinal).isEqualTo("+ " + b64.encodeToString(("v=" + b64.encodeToString(serverSignature)).getBytes()));
            assertThat(c.command("")).isEqualTo("+OK Logged in.");
            assertThat(c.command("STAT")).isEqualTo("+OK 0 0");
        }
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws Exception {
        SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        return factory.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
    }

    @Test
    void apopIsOfferedInTheGreetingAndChecksTheDigest() throws Exception {
        Pop3Fixture f = fixture();
        f.start();
        try (Pop3Wire c = f.connect()) {
            String greeting = c.readLine();
            Matcher m = Pattern.compile("\\+OK Colombier ready\\. (<[^>]+@mx\\.test>)").matcher(greeting);
            assertThat(m.matches()).as(greeting).isTrue();
            String digest = HexFormat.of().formatHex(Apop.digest(m.group(1), "secret".getBytes()));
            assertThat(c.command("APOP alice 00000000000000000000000000000000")).isEqualTo("-ERR [AUTH] Authentication failed.");
            assertThat(c.command("APOP alice")).isEqualTo("-ERR APOP needs a user name and an MD5 digest.");
            assertThat(c.command("APOP alice " + digest)).isEqualTo("+OK Logged in.");
        }
    }

    @Test
    void withoutApopInAuthMechanismsTheGreetingHasNoTimestamp() throws Exception {
        Pop3Fixture f = fixture().mechanisms("plain");
        f.start();
        try (Pop3Wire c = f.connect()) {
            assertThat(c.readLine()).isEqualTo("+OK Colombier ready.");
            assertThat(c.command("APOP alice 00000000000000000000000000000000")).isEqualTo("-ERR APOP is not enabled.");
        }
    }

    @Test
    void lockSessionRefusesASecondPop3SessionButNotImap() throws Exception {
        Pop3Fixture f = fixture().pop3Setting("pop3_lock_session", "yes");
        f.deliver("alice", Pop3Fixture.message(1));
        f.start();
        try (Pop3Wire first = f.login("alice"); Pop3Wire second = f.connect()) {
            second.expectOk();
            second.command("USER alice");
            assertThat(second.command("PASS secret")).isEqualTo("-ERR [IN-USE] Mailbox is locked by another POP3 session.");
            try (Pop3Wire imap = Pop3Wire.connect(f.port("imap"))) {
                assertThat(imap.readLine()).startsWith("* OK");
                assertThat(imap.command("a LOGIN alice secret")).startsWith("a OK");
                assertThat(imap.command("b STATUS INBOX (MESSAGES)")).isEqualTo("* STATUS INBOX (MESSAGES 1)");
            }
            assertThat(first.command("QUIT")).isEqualTo("+OK Logging out.");
            assertThat(first.readLine()).isNull();
        }
        assertThat(waitFor(() -> {
            try (Pop3Wire again = f.login("alice")) {
                return "+OK 1 ".equals(again.command("STAT").substring(0, 6));
            }
        })).isTrue();
    }

    @Test
    void withoutLockTwoSessionsShareSafely() throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2));
        f.start();
        try (Pop3Wire a = f.login("alice"); Pop3Wire b = f.login("alice")) {
            assertThat(a.command("DELE 1")).startsWith("+OK");
            assertThat(a.command("QUIT")).isEqualTo("+OK Logging out, messages deleted.");
            assertThat(a.readLine()).isNull();
            assertThat(b.command("RETR 1")).isEqualTo("-ERR Message 1 was expunged by another session.");
            assertThat(b.command("RETR 2")).startsWith("+OK");
            b.readMultiLine();
            assertThat(b.command("DELE 1")).startsWith("+OK");
            assertThat(b.command("DELE 2")).startsWith("+OK");
            assertThat(b.command("QUIT")).isEqualTo("+OK Logging out, messages deleted.");
        }
        assertThat(f.messages("alice")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aThousandPipelinedCommandsAreAllAnsweredInOrder(boolean pipelinedLogin) throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2));
        f.start();
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            StringBuilder batch = new StringBuilder();
            if (pipelinedLogin) {
                batch.append("USER alice\r\nPASS secret\r\n");
            } else {
                assertThat(c.command("USER alice")).isEqualTo("+OK");
                assertThat(c.command("PASS secret")).isEqualTo("+OK Logged in.");
            }
            for (int i = 0; i < 1000; i++) {
                batch.append(switch (i % 5) {
                    case 0 -> "STAT\r\n";
                    case 1 -> "UIDL 2\r\n";
                    case 2 -> "RETR 9\r\n";
                    case 3 -> "BOGUS\r\n";
                    default -> "RETR 1\r\n";
                });
            }
            batch.append("QUIT\r\n");
            c.sendRaw(batch.toString());
            if (pipelinedLogin) {
                assertThat(c.readLine()).isEqualTo("+OK");
                assertThat(c.readLine()).isEqualTo("+OK Logged in.");
            }
            for (int i = 0; i < 1000; i++) {
                String line = c.readLine();
                switch (i % 5) {
                    case 0 -> assertThat(line).as("reply %d", i).startsWith("+OK 2 ");
                    case 1 -> assertThat(line).as("reply %d", i).startsWith("+OK 2 00000002");
                    case 2 -> assertThat(line).as("reply %d", i).isEqualTo("-ERR There's no message 9.");
                    case 3 -> assertThat(line).as("reply %d", i).isEqualTo("-ERR Unknown command: BOGUS");
                    default -> {
                        assertThat(line).as("reply %d", i).startsWith("+OK ").endsWith(" octets");
                        assertThat(new String(c.readMultiLine(), StandardCharsets.UTF_8)).startsWith("From: ");
                    }
                }
            }
            assertThat(c.readLine()).isEqualTo("+OK Logging out.");
            assertThat(c.readLine()).isNull();
        }
    }

    @Test
    void longLinesAndGarbageGetErrorsAndTheSessionGoesOn() throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", Pop3Fixture.message(1));
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("RETR " + "1".repeat(20_000))).isEqualTo("-ERR Line longer than 8192 bytes.");
            assertThat(c.command("\u00ff\u00fe")).isEqualTo("-ERR Unknown command.");
            assertThat(c.command("")).isEqualTo("-ERR Unknown command.");
            assertThat(c.command("LIST 1")).isEqualTo("+OK 1 " + Pop3Fixture.message(1).length());
        }
    }

    @Test
    void aLargeMessageIsStreamedWhole() throws Exception {
        Pop3Fixture f = fixture();
        StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
        while (big.length() < 3_000_000) {
            big.append(".line ").append(big.length()).append("\r\n");
        }
        f.deliver("alice", big.toString());
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("RETR 1")).isEqualTo("+OK " + big.length() + " octets");
            String body = new String(c.readMultiLine(), StandardCharsets.UTF_8);
            assertSameText(body, big.toString().replace("\r\n.line", "\r\n..line") + ".\r\n");
        }
    }

    @Test
    void anUnusableMaildirIsATemporaryErrorAtLogin() throws Exception {
        Pop3Fixture f = fixture();
        Files.writeString(f.maildir("alice"), "not a directory");
        f.start();
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            c.command("USER alice");
            assertThat(c.command("PASS secret")).startsWith("-ERR [SYS/TEMP] Couldn't open INBOX");
            assertThat(c.command("USER bob")).isEqualTo("+OK");
            assertThat(c.command("PASS secret")).isEqualTo("+OK Logged in.");
        }
    }

    @Test
    void plaintextLoginIsRefusedWithAuthCodeWhenSslIsRequired() throws Exception {
        fixture = new Pop3Fixture(dir, TestConfig.tls(
                TestTls.write(dir, "RSA", TestTls.KeyFormat.PKCS8))
                .sslMode(SslMode.REQUIRED));
        fixture.start();
        try (Pop3Wire c = fixture.connect()) {
            c.expectOk();
            String refused = "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";
            assertThat(c.command("USER alice")).isEqualTo(refused);
            assertThat(c.command("PASS secret")).isEqualTo(refused);
            assertThat(c.command("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).isEqualTo(refused);
            assertThat(c.command("AUTH")).isEqualTo("+OK");
            assertThat(c.readLines()).containsExactly("CRAM-MD5", "SCRAM-SHA-256");
        }
    }

    @Test
    void stlsDropsPipelinedPlaintextAndThenAllowsLoginAndPop3s() throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, "RSA", TestTls.KeyFormat.PKCS8);
        fixture = new Pop3Fixture(dir, TestConfig.tls(files).sslMode(SslMode.REQUIRED));
        fixture.deliver("alice", Pop3Fixture.message(1));
        fixture.start();
        SSLContext trusting = TestTls.trusting(files.cert());
        try (LineClient c = LineClient.connect(fixture.port())) {
            c.readLine();
            c.sendRaw("STLS\r\nUSER alice\r\n");
            assertThat(c.readLine()).isEqualTo("+OK Begin TLS negotiation now.");
            c.startTls(trusting);
            c.send("PASS secret");
            assertThat(c.readLine()).isEqualTo("-ERR No username given.");
            c.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
            assertThat(c.readLine()).isEqualTo("+OK Logged in.");
            c.send("STAT");
            assertThat(c.readLine()).isEqualTo("+OK 1 " + Pop3Fixture.message(1).length());
        }
        try (LineClient c = LineClient.connectTls(fixture.port("pop3s"), trusting)) {
            assertThat(c.readLine()).startsWith("+OK Colombier ready.");
            c.send("USER alice");
            assertThat(c.readLine()).isEqualTo("+OK");
            c.send("PASS secret");
            assertThat(c.readLine()).isEqualTo("+OK Logged in.");
        }
    }

    @Test
    void headerMd5UidlsAreComputedOnceAndStable() throws Exception {
        Pop3Fixture f = fixture().pop3Setting("pop3_uidl_format", "%m");
        f.deliver("alice", Pop3Fixture.message(1));
        f.start();
        String header = Pop3Fixture.message(1).substring(0, Pop3Fixture.message(1).indexOf("\r\n\r\n") + 4);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(header.getBytes(StandardCharsets.UTF_8)));
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("UIDL 1")).isEqualTo("+OK 1 " + md5);
        }
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("UIDL 1")).isEqualTo("+OK 1 " + md5);
        }
    }

    @Test
    void aServerShutdownSaysSysTempAndDeletesNothing() throws Exception {
        Pop3Fixture f = fixture();
        f.deliver("alice", Pop3Fixture.message(1));
        f.start();
        try (Pop3Wire c = f.login("alice")) {
            assertThat(c.command("DELE 1")).startsWith("+OK");
            f.stop();
            assertThat(c.readLine()).isEqualTo("-ERR [SYS/TEMP] Server shutting down.");
            assertThat(c.readLine()).isNull();
        }
        assertThat(f.messages("alice")).hasSize(1);
    }

    /** Compares large texts without printing megabytes: the first difference and the lengths. */
    private static void assertSameText(String actual, String expected) {
        int i = 0;
        while (i < actual.length() && i < expected.length() && actual.charAt(i) == expected.charAt(i)) {
            i++;
        }
        if (i < actual.length() || i < expected.length()) {
            throw new AssertionError("texts differ at " + i + " (lengths " + actual.length() + " and " + expected.length()
                    + "): actual ..." + actual.substring(Math.max(0, i - 40), Math.min(actual.length(), i + 40))
                    + "... expected ..." + expected.substring(Math.max(0, i - 40), Math.min(expected.length(), i + 40)));
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls for what another thread finishes after the socket closed (the session's cleanup). */
    static boolean waitFor(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return true;
            }
            Thread.sleep(50);
        }
        return check.ok();
    }
}
