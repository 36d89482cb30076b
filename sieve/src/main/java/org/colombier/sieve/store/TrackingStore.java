package org.colombier.sieve.store;

import java.time.Instant;

/**
 * Remembers keys until they expire: "already answered this sender" (vacation) and "already seen this message id"
 * (duplicate). Keys are opaque hashes; the server may keep them anywhere that survives a restart.
 */
public interface TrackingStore {
    /** True when {@code key} was recorded with an expiry after {@code now}. */
    boolean contains(String key, Instant now);

    /** Records {@code key} until {@code expiry} (replacing any earlier expiry). */
    void record(String key, Instant expiry);
}
