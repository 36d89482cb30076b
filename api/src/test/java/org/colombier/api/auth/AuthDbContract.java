package org.colombier.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every passdb/userdb driver that stores users must have, written once. A driver's
 * test extends this class and says how to open a passdb and a userdb holding {@link #USERS}; the
 * suite is shipped in the api test-jar. Weak schemes are not allowed in the drivers under test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AuthDbContract {
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

    @TempDir
    protected Path dir;
    protected PassDb passDb;
    protected UserDb userDb;

    /** A passdb holding {@link #USERS}, weak schemes not allowed. */
    protected abstract PassDb openPassDb(List<ContractUser> users) throws Exception;

    /** A userdb holding {@link #USERS} with their home, uid, gid and {@code mail_path}. */
    protected abstract UserDb openUserDb(List<ContractUser> users) throws Exception;

    @BeforeEach
    void open() throws Exception {
        passDb = openPassDb(USERS);
        userDb = openUserDb(USERS);
    }

    @AfterEach
    void close() {
        passDb.close();
        userDb.close();
    }

    protected static AuthRequest request(String user) {
        return new AuthRequest(user, "imap", InetAddress.getLoopbackAddress(), InetAddress.getLoopbackAddress(), true);
    }

    private static ContractUser user(String name) {
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
    void aWeakSchemeIsRefusedEvenWithTheRightPassword() {
        assertThat(passDb.verifyPlain(request("weak@example.com"), "secret"))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED));
    }

    @Test
    void hostileUserNamesFindNobodyAndBreakNothing() {
        for (String name : List.of("' OR '1'='1", "x' --", "../../../etc/passwd", "root@..", "a@b/../../c", "%{user}", "")) {
            assertThat(passDb.verifyPlain(request(name), "secret")).as(name)
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
            assertThat(userDb.lookup(name)).as(name).isEqualTo(new UserLookup.NotFound());
        }
        assertThat(passDb.verifyPlain(request("o'brien@example.com"), "secret")).isInstanceOf(AuthResult.Ok.class);
    }

    @Test
    void credentialsAreHandedOutWithTheirScheme() {
        CredentialsResult result = passDb.lookupCredentials(request("bob@example.com"));
        assertThat(result).isInstanceOf(CredentialsResult.Found.class);
        CredentialsResult.Found found = (CredentialsResult.Found) result;
        assertThat(found.user()).isEqualTo("bob@example.com");
        assertThat(found.credentials()).isEqualTo(user("bob@example.com").storedPassword());
        assertThat(passDb.lookupCredentials(request("nobody@example.com"))).isEqualTo(new CredentialsResult.NotFound());
    }

    @Test
    void theUserdbGivesHomeUidGidAndMailFields() {
        for (ContractUser u : USERS) {
            UserLookup result = userDb.lookup(u.name());
            assertThat(result).as(u.name()).isInstanceOf(UserLookup.Found.class);
            UserRecord record = ((UserLookup.Found) result).user();
            assertThat(record.user()).isEqualTo(u.name());
            assertThat(record.home()).isEqualTo(u.home());
            assertThat(record.uid()).isEqualTo(OptionalInt.of(u.uid()));
            assertThat(record.gid()).isEqualTo(OptionalInt.of(u.gid()));
            assertThat(record.fields()).containsEntry("mail_path", u.mailPath());
        }
        assertThat(userDb.lookup("nobody@example.com")).isEqualTo(new UserLookup.NotFound());
    }

    @Test
    void iterationListsEveryUser() {
        assertThat(userDb.iterate()).containsExactlyInAnyOrderElementsOf(USERS.stream().map(ContractUser::name).toList());
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
