package org.colombier.server.auth;

import java.util.List;

import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.PassDb;

/**
 * The configured passdbs as one, the way Dovecot walks them: the next passdb is asked only when
 * the previous one does not know the user (or cannot hand out credentials).
 */
final class PassDbChain implements PassDb {
    private final List<PassDb> passdbs;

    PassDbChain(List<PassDb> passdbs) {
        this.passdbs = List.copyOf(passdbs);
    }

    @Override
    public AuthResult verifyPlain(AuthRequest request, String password) {
        AuthResult result = new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
        for (PassDb passdb : passdbs) {
            result = passdb.verifyPlain(request, password);
            if (!(result instanceof AuthResult.Failed f && f.reason() == AuthResult.Reason.UNKNOWN_USER)) {
                return result;
            }
        }
        return result;
    }

    @Override
    public CredentialsResult lookupCredentials(AuthRequest request) {
        CredentialsResult result = new CredentialsResult.NotFound();
        boolean anyUnsupported = false;
        for (PassDb passdb : passdbs) {
            CredentialsResult r = passdb.lookupCredentials(request);
            if (r instanceof CredentialsResult.Found || r instanceof CredentialsResult.TempFail) {
                return r;
            }
            anyUnsupported |= r instanceof CredentialsResult.Unsupported;
        }
        return anyUnsupported ? new CredentialsResult.Unsupported() : result;
    }

    @Override
    public void close() {
        for (PassDb passdb : passdbs) {
            passdb.close();
        }
    }
}
