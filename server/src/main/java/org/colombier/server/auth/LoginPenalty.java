package org.colombier.server.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dovecot's anvil-style failed-login penalty: each failure from an address doubles the delay
 * before the next failure is answered (base, 2×base, ... up to 7.5×base, Dovecot's 15 seconds at
 * its default {@code auth_failure_delay} of 2 seconds; the cap follows the base so that a small base
 * keeps the whole curve small); a success or {@link #FORGET} of quiet resets it. Bounded: the
 * oldest addresses are forgotten first.
 */
final class LoginPenalty {
    static final Duration FORGET = Duration.ofMinutes(10);
    private static final int MAX_ADDRESSES = 100_000;

    private record Entry(int failures, long lastNanos) {
    }

    private final Duration base;
    private final Duration max;
    private final Map<InetAddress, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Entry> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    LoginPenalty(Duration base) {
        this.base = base;
        this.max = base.multipliedBy(15).dividedBy(2);
    }

    /** Records a failure from {@code address}; returns how long to wait before answering it. */
    synchronized Duration failed(InetAddress address) {
        if (address == null || base.isZero()) {
            return base;
        }
        long now = System.nanoTime();
        Entry e = entries.get(address);
        int failures = e == null || now - e.lastNanos() > FORGET.toNanos() ? 1 : Math.min(e.failures() + 1, 16);
        entries.put(address, new Entry(failures, now));
        Duration delay = base.multipliedBy(1L << Math.min(failures - 1, 4));
        return delay.compareTo(max) > 0 ? max : delay;
    }

    synchronized void succeeded(InetAddress address) {
        if (address != null) {
            entries.remove(address);
        }
    }
}
