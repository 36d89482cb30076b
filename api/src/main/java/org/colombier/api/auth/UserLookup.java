package org.colombier.api.auth;

/** The outcome of a userdb lookup. */
public sealed interface UserLookup {
    record Found(UserRecord user) implements UserLookup {
    }

    record NotFound() implements UserLookup {
    }

    /** The userdb could not answer now: LMTP answers {@code 451 4.3.0}, IMAP {@code NO [UNAVAILABLE]}. */
    record TempFail(String detail) implements UserLookup {
    }
}
