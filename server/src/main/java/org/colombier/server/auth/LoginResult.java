package org.colombier.server.auth;

import org.colombier.api.auth.UserRecord;

/** How a login ended, as a protocol tells the client. */
public sealed interface LoginResult {
    /** Logged in; {@code user} is what the userdb returned (home, mail settings). */
    record Success(UserRecord user, byte[] successData) implements LoginResult {
    }

    /** Refused; the same answer whether the user is unknown or the password wrong. */
    record Failure() implements LoginResult {
    }

    /** The passdb or userdb could not answer now. */
    record TemporaryFailure() implements LoginResult {
    }
}
