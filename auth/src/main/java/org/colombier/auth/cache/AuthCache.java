package org.colombier.auth.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Dovecot's authentication cache: passdb and userdb answers by key (database and user), bounded by
 * an approximate byte size, the least recently used entries dropped first. An entry is fresh for
 * {@code auth_cache_ttl} ({@code auth_cache_negative_ttl} for "no such user"); an expired one stays
 * until it is pushed out, so a database that fails temporarily can still be answered from it, as
 * Dovecot does. Thread-safe; the lock covers only the map, never a database lookup or a hash.
 */
public final class AuthCache {
    /** Bytes an entry costs beyond its strings: the node, the map entry, the record. */
    private static final int ENTRY_OVERHEAD = 96;

    /**
     * A cached answer.
     *
     * @param value   the answer, or empty for a negative entry (no such user)
     * @param expired older than its TTL: use only when the database cannot answer
     */
    public record Hit(Optional<Object> value, boolean expired) {
    }

    private record Entry(String user, Object value, long createdNanos, long size) {
    }

    private final long maxBytes;
    private final long ttlNanos;
    private final long negativeTtlNanos;
    private final LongSupplier nanoClock;
    private final LongAdder hits;
    private final LongAdder misses;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long usedBytes;

    public AuthCache(long maxBytes, Duration ttl, Duration negativeTtl, LongSupplier nanoClock) {
        this(maxBytes, ttl, negativeTtl, nanoClock, new LongAdder(), new LongAdder());
    }

    private AuthCache(long maxBytes, Duration ttl, Duration negativeTtl, LongSupplier nanoClock, LongAdder hits,
                      LongAdder misses) {
        this.maxBytes = maxBytes;
        this.ttlNanos = ttl.toNanos();
        this.negativeTtlNanos = negativeTtl.toNanos();
        this.nanoClock = nanoClock;
        this.hits = hits;
        this.misses = misses;
    }

    /** A new, empty cache with other settings that goes on counting this one's hits and misses (a reload). */
    public AuthCache emptyCopy(long newMaxBytes, Duration ttl, Duration negativeTtl) {
        return new AuthCache(newMaxBytes, ttl, negativeTtl, nanoClock, hits, misses);
    }

    /** The entry under {@code key}, fresh or expired; a fresh one counts as a hit, anything else as a miss. */
    public Optional<Hit> lookup(String key) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
        }
        if (entry == null) {
            misses.increment();
            return Optional.empty();
        }
        long ttl = entry.value() == null ? negativeTtlNanos : ttlNanos;
        boolean expired = nanoClock.getAsLong() - entry.createdNanos() >= ttl;
        (expired ? misses : hits).increment();
        return Optional.of(new Hit(Optional.ofNullable(entry.value()), expired));
    }

    /**
     * Caches {@code value} (null: the user does not exist) for {@code user} under {@code key},
     * replacing what was there; {@code size} is the value's approximate size in bytes. Negative
     * entries are not kept when their TTL is zero; an entry bigger than the whole cache is not kept.
     */
    public void put(String key, String user, Object value, long size) {
        if (value == null && negativeTtlNanos == 0) {
            remove(key);
            return;
        }
        Entry entry = new Entry(user, value, nanoClock.getAsLong(), size + 2L * (key.length() + user.length()) + ENTRY_OVERHEAD);
        synchronized (this) {
            drop(entries.remove(key));
            if (entry.size() > maxBytes) {
                return;
            }
            // access order: the first entries are the least recently used
            Iterator<Entry> oldest = entries.values().iterator();
            while (usedBytes + entry.size() > maxBytes && oldest.hasNext()) {
                usedBytes -= oldest.next().size();
                oldest.remove();
            }
            entries.put(key, entry);
            usedBytes += entry.size();
        }
    }

    /** Forgets the entry under {@code key} (the database said it is out of date). */
    public synchronized void remove(String key) {
        drop(entries.remove(key));
    }

    private void drop(Entry entry) {
        if (entry != null) {
            usedBytes -= entry.size();
        }
    }

    /** {@code doveadm auth cache flush [USER ...]}: forgets the users' entries, or all; answers how many went. */
    public synchronized int flush(Collection<String> users) {
        int before = entries.size();
        if (users.isEmpty()) {
            entries.clear();
            usedBytes = 0;
            return before;
        }
        Set<String> names = Set.copyOf(users);
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            if (names.contains(entry.user())) {
                usedBytes -= entry.size();
                it.remove();
            }
        }
        return before - entries.size();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    synchronized int size() {
        return entries.size();
    }

    /** The approximate bytes in use, never more than the configured size. */
    synchronized long usedBytes() {
        return usedBytes;
    }
}
