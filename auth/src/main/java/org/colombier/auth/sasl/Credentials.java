package org.colombier.auth.sasl;

import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;

/** What the challenge-response mechanisms share about stored credentials. */
final class Credentials {
    private Credentials() {
    }

    /** The answer when no credentials came back. */
    static AuthResult failure(CredentialsResult result) {
        if (result instanceof CredentialsResult.TempFail tempFail) {
            return new AuthResult.TempFail(tempFail.detail());
        }
        if (result instanceof CredentialsResult.NotFound) {
            return new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
        }
        return new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED);
    }

    /** The answer once the client proved it knows the password. */
    static AuthResult success(CredentialsResult.Found found) {
        return found.extraFields().containsKey("nologin")
                ? new AuthResult.Failed(AuthResult.Reason.DISABLED)
                : new AuthResult.Ok(found.user(), found.extraFields());
    }
}
