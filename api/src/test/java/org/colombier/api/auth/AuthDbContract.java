package org.colombier.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every passdb/userdb driver that stores users must have, written once: the
 * {@link PassDbContract} plus stored schemes, credentials and the userdb. A driver's test extends
 * this class and says how to open a passdb and a userdb holding {@link #USERS}; the suite is
 * shipped in the api test-jar. Weak schemes are not allowed in the drivers under test.
 */
public abstract class AuthDbContract extends PassDbContract {
    protected UserDb userDb;

    /** A userdb holding {@link #USERS} with their home, uid, gid and {@code mail_path}. */
    protected abstract UserDb openUserDb(List<ContractUser> users) throws Exception;

    @BeforeEach
    void setUpUserDb() throws Exception {
        userDb = openUserDb(USERS);
    }

    @AfterEach
    void tearDownUserDb() {
        userDb.close();
    }

    @Test
    void aWeakSchemeIsRefusedEvenWithTheRightPassword() {
        assertThat(passDb.verifyPlain(request("weak@example.com"), "secret"))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED));
    }

    @Test
    void hostileUserNamesFindNoUserdbEntry() {
        for (String name : HOSTILE_NAMES) {
            assertThat(userDb.lookup(name)).as(name).isEqualTo(new UserLookup.NotFound());
        }
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
}
