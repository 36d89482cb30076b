package org.colombier.api.auth;

import java.util.Map;

/** The outcome of a password check. */
public sealed interface AuthResult {
    /**
     * The password is right.
     *
     * @param user        the canonical user name (a passdb may rewrite it)
     * @param extraFields passdb extra fields ({@code userdb_*} fields, {@code nologin} ...)
     * @param masterUser  the master user whose password logged {@code user} in, or null for an ordinary login
     */
    record Ok(String user, Map<String, String> extraFields, String masterUser) implements AuthResult {
        public Ok {
            extraFields = Map.copyOf(extraFields);
        }

        /** An ordinary login, the user's own password. */
        public Ok(String user, Map<String, String> extraFields) {
            this(user, extraFields, null);
        }
    }

    /** The login is refused; the client is told only that, whatever the reason. */
    record Failed(Reason reason) implements AuthResult {
    }

    /** The passdb could not answer now (database down): the client gets a temporary error. */
    record TempFail(String detail) implements AuthResult {
    }

    enum Reason {
        /** No such user in this passdb: the next passdb in the chain is asked. */
        UNKNOWN_USER,
        PASSWORD_MISMATCH,
        /** The account exists but may not log in (PAM account checks, {@code nologin}). */
        DISABLED,
        /** The stored hash uses a scheme that is not allowed or not known. */
        SCHEME_NOT_ALLOWED
    }
}
