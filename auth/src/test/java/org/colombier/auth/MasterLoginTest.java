package org.colombier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Splitting {@code login_user*master_user} names with {@code auth_master_user_separator}. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MasterLoginTest {
    @Test
    void theNameBeforeTheFirstSeparatorIsTheLoginUserTheRestTheMaster() {
        assertThat(MasterLogin.parse("alice*admin", "*")).contains(new MasterLogin("alice", "admin"));
        assertThat(MasterLogin.parse("alice@example.com*admin*2", "*")).contains(new MasterLogin("alice@example.com", "admin*2"));
        assertThat(MasterLogin.parse("alice::admin", "::")).contains(new MasterLogin("alice", "admin"));
    }

    @Test
    void anUnsetSeparatorOrAnEmptySideLeavesAnOrdinaryName() {
        assertThat(MasterLogin.parse("alice*admin", "")).isEmpty();
        assertThat(MasterLogin.parse("alice*admin", null)).isEmpty();
        assertThat(MasterLogin.parse("alice", "*")).isEmpty();
        assertThat(MasterLogin.parse("*admin", "*")).isEmpty();
        assertThat(MasterLogin.parse("alice*", "*")).isEmpty();
    }
}
