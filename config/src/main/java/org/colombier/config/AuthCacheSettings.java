package org.colombier.config;

import java.time.Duration;

/**
 * Dovecot's authentication cache settings.
 *
 * @param size        {@code auth_cache_size}: bytes the cache may use (approximately); 0 turns it off, the default
 * @param ttl         {@code auth_cache_ttl}: how long a cached passdb/userdb answer is used
 * @param negativeTtl {@code auth_cache_negative_ttl}: the same for "no such user"; zero caches none
 */
public record AuthCacheSettings(long size, Duration ttl, Duration negativeTtl) {
    /** Dovecot's defaults: no cache; one hour for both TTLs. */
    public static final AuthCacheSettings DEFAULTS = new AuthCacheSettings(0, Duration.ofHours(1), Duration.ofHours(1));

    public boolean enabled() {
        return size > 0 && !ttl.isZero();
    }
}
