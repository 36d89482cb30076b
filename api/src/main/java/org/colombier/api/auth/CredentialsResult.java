package org.colombier.api.auth;

import java.util.Map;

/** The outcome of a credentials lookup, for challenge-response mechanisms (CRAM-MD5, SCRAM). */
public sealed interface CredentialsResult {
    /**
     * @param credentials the stored password with its scheme prefix, e.g. {@code {SCRAM-SHA-256}...}
     */
    record Found(String user, String credentials, Map<String, String> extraFields) implements CredentialsResult {
        public Found {
            extraFields = Map.copyOf(extraFields);
        }
    }

    record NotFound() implements CredentialsResult {
    }

    /** This passdb cannot hand out credentials (PAM), or not in the scheme asked for. */
    record Unsupported() implements CredentialsResult {
    }

    record TempFail(String detail) implements CredentialsResult {
    }
}
