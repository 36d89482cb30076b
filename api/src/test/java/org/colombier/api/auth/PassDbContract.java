package org.colombier.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every passdb must have, written once: right and wrong passwords, unknown and
 * hostile user names, concurrency. {@link AuthDbContract} adds what only drivers that store users
 * can do (schemes, credentials, a userdb); a driver that only checks passwords elsewhere (PAM)
 * extends this class alone. The suite is shipped in the api test-jar.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class PassDbContract {
    /**
     * A user the driver must hold.
     *
     * @param storedPassword with its {@code {SCHEME}} prefix (hashes made by Dovecot's doveadm)
     * @param mailPath       the user's {@code mail_path} userdb field
     */
    public record ContractUser(String name, String password, String storedPassword, String home, int uid, int gid,
                               String mailPath) {
    }

    public static final List<ContractUser> USERS = List.of(
            new ContractUser("alice@example.com", "secret", "{PLAIN}secret", "/srv/mail/alice", 1000, 1000, "~/Maildir"),
            new ContractUser("bob@example.com", "secret",
                    "{SHA512-CRYPT}$6$bpyTRoio0rEoR1VO$xaEbqwDr5JXJbvWjqrDBsfgV/dZOyBX5UdPr4JMNtqXD18HZnS28JvLdGGXV722fFsdggNsMehILLGt7gL.fx.",
                    "/srv/mail/bob", 1001, 1001, "~/mail"),
            new ContractUser("carol@example.org", "pässwörd 1:x", "{SSHA256}geL0EYHGuYubvkR+xY1esSsJ8bSTiAFd4pR66CM1JuBzoWOw",
                    "/srv/mail/carol", 1002, 1003, "~/Maildir"),
            new ContractUser("o'brien@example.com", "secret", "{PLAIN}secret", "/srv/mail/obrien", 1004, 1004, "~/Maildir"),
            new ContractUser("weak@example.com", "secret", "{PLAIN-MD5}5ebe2294ecd0e0f08eab7690d2a6ee69",
                    "/srv/mail/weak", 1005, 1005, "~/Maildir"));

    /** User names that must find nobody: SQL injection, path traversal, templates, empty. */
    protected static final List<String> HOSTILE_NAMES = List.of("' OR '1'='1", "x' --", "../../../etc/passwd", "root@..",
            "a@b/../../c", "%{user}", "");

    @TempDir
    protected Path dir;
    protected PassDb passDb;

    /** A passdb that knows {@link #USERS} and their passwords; one that stores hashes allows no weak scheme. */
    protected abstract PassDb openPassDb(List<ContractUser> users) throws Exception;

    @BeforeEach
    void setUpPassDb() throws Exception {
        passDb = openPassDb(USERS);
    }

    @AfterEach
    void tearDownPassDb() {
        passDb.close();
    }

    protected static AuthRequest request(String user) {
        return new AuthRequest(user, "imap", InetAddress.getLoopbackAddress(), InetAddress.getLoopbackAddress(), true);
    }

    protected static ContractUser user(String name) {
        return USERS.stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theRightPasswordLogsInWhateverTheScheme() {
        for (String name : List.of("alice@example.com", "bob@example.com", "carol@example.org")) {
            AuthResult result = passDb.verifyPlain(request(name), user(name).password());
            assertThat(result).as(name).isInstanceOf(AuthResult.Ok.class);
            assertThat(((AuthResult.Ok) result).user()).isEqualTo(name);
        }
    }

    @Test
    void aWrongPasswordIsAMismatch() {
        assertThat(passDb.verifyPlain(request("bob@example.com"), "Secret"))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
        assertThat(passDb.verifyPlain(request("alice@example.com"), ""))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
    }

    @Test
    void anUnknownUserIsReportedSoTheNextPassdbIsAsked() {
        assertThat(passDb.verifyPlain(request("nobody@example.com"), "secret"))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
    }

    @Test
    void hostileUserNamesFindNobodyAndBreakNothing() {
        for (String name : HOSTILE_NAMES) {
            assertThat(passDb.verifyPlain(request(name), "secret")).as(name)
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
        }
        assertThat(passDb.verifyPlain(request("o'brien@example.com"), "secret")).isInstanceOf(AuthResult.Ok.class);
    }

    @Test
    void lookupsFromManyThreadsAgree() throws Exception {
        List<Thread> threads = new ArrayList<>();
        Map<String, AuthResult> last = new ConcurrentHashMap<>();
        for (int t = 0; t < 8; t++) {
            String name = USERS.get(t % 3).name();
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    last.put(name + i, passDb.verifyPlain(request(name), user(name).password()));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(last.values()).allMatch(AuthResult.Ok.class::isInstance);
    }
}
