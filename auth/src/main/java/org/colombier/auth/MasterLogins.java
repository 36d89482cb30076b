package org.colombier.auth;

import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;

/** Master user logins for the SASL mechanisms that carry an authorization identity (PLAIN). */
@FunctionalInterface
public interface MasterLogins {
    /** No master passdbs: an authorization identity other than the login name is refused. */
    MasterLogins NONE = (master, loginUser, password) -> new AuthResult.Failed(AuthResult.Reason.DISABLED);

    /**
     * Checks the master user's password ({@code master} names the master user) and, when it is
     * right, logs in as {@code loginUser}.
     */
    AuthResult verifyMaster(AuthRequest master, String loginUser, String password);
}
