package org.colombier.config;

import java.time.Duration;
import java.util.List;

/**
 * Login policy.
 *
 * @param allowCleartext    {@code auth_allow_cleartext}: plaintext mechanisms without TLS (loopback always counts as secure)
 * @param mechanisms        {@code auth_mechanisms}, lower case as written
 * @param allowWeakSchemes  {@code auth_allow_weak_schemes}
 * @param failureDelay      {@code auth_failure_delay}: the base delay after a failed login
 * @param cache             {@code auth_cache_*}: the passdb/userdb answer cache
 * @param masterUserSeparator {@code auth_master_user_separator}: splits {@code user*master} logins; empty for none
 */
public record AuthSettings(boolean allowCleartext, List<String> mechanisms, boolean allowWeakSchemes, Duration failureDelay,
                           AuthCacheSettings cache, String masterUserSeparator) {
    public AuthSettings {
        mechanisms = List.copyOf(mechanisms);
        masterUserSeparator = masterUserSeparator == null ? "" : masterUserSeparator;
    }

    /** Without a master user separator, Dovecot's default. */
    public AuthSettings(boolean allowCleartext, List<String> mechanisms, boolean allowWeakSchemes, Duration failureDelay,
                        AuthCacheSettings cache) {
        this(allowCleartext, mechanisms, allowWeakSchemes, failureDelay, cache, "");
    }

    /** Without a cache, Dovecot's default. */
    public AuthSettings(boolean allowCleartext, List<String> mechanisms, boolean allowWeakSchemes, Duration failureDelay) {
        this(allowCleartext, mechanisms, allowWeakSchemes, failureDelay, AuthCacheSettings.DEFAULTS);
    }
}
