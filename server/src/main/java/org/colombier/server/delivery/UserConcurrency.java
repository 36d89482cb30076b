package org.colombier.server.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code limit} deliveries at once per user ({@code lmtp_user_concurrency_limit}). A
 * delivery over the limit waits up to {@code wait} for a slot, then fails temporarily, so one
 * user's flood cannot take every worker. Entries exist only while a user has deliveries running.
 */
final class UserConcurrency {
    private final int limit;
    private final Duration wait;
    private final Map<String, Integer> running = new HashMap<>();

    UserConcurrency(int limit, Duration wait) {
        this.limit = limit;
        this.wait = wait;
    }

    /** Takes a slot for {@code user}; false if none came free in time. */
    synchronized boolean acquire(String user) throws InterruptedException {
        if (limit <= 0) {
            return true;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (running.getOrDefault(user, 0) >= limit) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        running.merge(user, 1, Integer::sum);
        return true;
    }

    synchronized void release(String user) {
        if (limit <= 0) {
            return;
        }
        running.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
        notifyAll();
    }
}
