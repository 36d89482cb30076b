package org.colombier.auth.sasl;

import org.colombier.api.auth.AuthResult;

/** What a mechanism answers to one client message. */
public sealed interface SaslStep {
    /** Send this challenge (the protocol base64-encodes it) and wait for the client's next message. */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            data = data.clone();
        }
    }

    /**
     * The exchange is over.
     *
     * @param successData data the client must get with the success (SCRAM's {@code v=...}), or null
     */
    record Done(AuthResult result, byte[] successData) implements SaslStep {
        public Done {
            successData = successData == null ? null : successData.clone();
        }

        static Done of(AuthResult result) {
            return new Done(result, null);
        }
    }

    /** The client's message is not what the mechanism allows; the exchange is over. */
    record Malformed(String reason) implements SaslStep {
    }
}
