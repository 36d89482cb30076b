package org.colombier.server.pop3;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code pop3_login_delay} (RFC 2449 LOGIN-DELAY): when each user last logged in over POP3 here.
 * The map is kept in login order, so entries older than the delay, which can no longer refuse
 * anyone, are dropped from its head as logins come: it holds only the logins of the last delay.
 */
final class LoginDelays {
    private final long delayNanos;
    private final LongSupplier clock;
    /** User to the {@link #clock} time of their last admitted login, oldest first. */
    private final Map<String, Long> lastLogin = new LinkedHashMap<>();

    LoginDelays(Duration delay, LongSupplier clock) {
        this.delayNanos = delay.toNanos();
        this.clock = clock;
    }

    /**
     * Admits a login of {@code user} and records it, unless their last one was less than the delay
     * ago; returns the time recorded, for {@link #forget}, or -1 when the login comes too soon.
     */
    synchronized long admit(String user) {
        long now = clock.getAsLong();
        expire(now);
        if (lastLogin.containsKey(user)) {
            return -1;
        }
        lastLogin.put(user, now);
        return now;
    }

    /**
     * Takes back an admission whose login failed after all (INBOX could not be opened). Whatever
     * it replaced had expired, so dropping it restores the state before.
     */
    synchronized void forget(String user, long admittedAt) {
        lastLogin.remove(user, admittedAt);
    }

    /** Entries are in time order, so the expired ones are a prefix. */
    private void expire(long now) {
        Iterator<Long> times = lastLogin.values().iterator();
        while (times.hasNext()) {
            if (now - times.next() < delayNanos) {
                return;
            }
            times.remove();
        }
    }

    /** Logins recorded now; at most those of the last delay. */
    synchronized int size() {
        expire(clock.getAsLong());
        return lastLogin.size();
    }
}
