package org.colombier.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UserConcurrencyTest {
    @Test
    void aDeliveryOverTheLimitWaitsBrieflyThenGivesUp() throws Exception {
        UserConcurrency limit = new UserConcurrency(2, Duration.ofMillis(200));
        assertThat(limit.acquire("alice")).isTrue();
        assertThat(limit.acquire("alice")).isTrue();
        long start = System.nanoTime();
        assertThat(limit.acquire("alice")).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
        // other users are not affected
        assertThat(limit.acquire("bob")).isTrue();
    }

    @Test
    void aWaitingDeliveryGetsTheSlotThatComesFree() throws Exception {
        UserConcurrency limit = new UserConcurrency(1, Duration.ofSeconds(5));
        assertThat(limit.acquire("alice")).isTrue();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return limit.acquire("alice");
            } catch (InterruptedException e) {
                return false;
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        limit.release("alice");
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void zeroMeansUnlimited() throws Exception {
        UserConcurrency limit = new UserConcurrency(0, Duration.ZERO);
        for (int i = 0; i < 100; i++) {
            assertThat(limit.acquire("alice")).isTrue();
        }
    }
}
