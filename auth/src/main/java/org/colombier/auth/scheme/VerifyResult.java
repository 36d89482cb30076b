package org.colombier.auth.scheme;

/** The outcome of checking a password against a stored one. */
public enum VerifyResult {
    MATCH,
    MISMATCH,
    /** The scheme is weak and {@code auth_allow_weak_schemes} is off. */
    WEAK_REFUSED,
    UNKNOWN_SCHEME,
    /** The stored value is not a valid password of its scheme. */
    INVALID
}
