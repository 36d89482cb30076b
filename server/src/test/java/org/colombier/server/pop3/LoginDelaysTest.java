package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LoginDelaysTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final LoginDelays delays = new LoginDelays(Duration.ofNanos(100), now::get);

    @Test
    void aUserIsRefusedUntilTheDelayAfterTheirLastAdmittedLogin() {
        assertThat(delays.admit("alice")).isEqualTo(1_000);
        now.set(1_099);
        assertThat(delays.admit("alice")).isEqualTo(-1);
        assertThat(delays.admit("bob")).isEqualTo(1_099);
        now.set(1_100);
        assertThat(delays.admit("alice")).isEqualTo(1_100);
        assertThat(delays.admit("bob")).isEqualTo(-1);
    }

    @Test
    void aForgottenAdmissionDoesNotCount() {
        long at = delays.admit("alice");
        delays.forget("alice", at);
        assertThat(delays.admit("alice")).isEqualTo(1_000);
    }

    @Test
    void onlyTheLoginsOfTheLastDelayAreKept() {
        for (int i = 0; i < 10_000; i++) {
            now.addAndGet(1);
            assertThat(delays.admit("user" + i)).isPositive();
        }
        assertThat(delays.size()).isEqualTo(100);
        now.addAndGet(100);
        assertThat(delays.size()).isZero();
    }
}
