package org.colombier.api.auth;

/**
 * A password database, Dovecot's two operations: check a plaintext password, or hand out the
 * stored credentials so a challenge-response mechanism can check the client's proof. Lookups may
 * block (SQL, PAM); the server calls them off its I/O threads.
 */
public interface PassDb extends AutoCloseable {
    AuthResult verifyPlain(AuthRequest request, String password);

    default CredentialsResult lookupCredentials(AuthRequest request) {
        return new CredentialsResult.Unsupported();
    }

    @Override
    default void close() {
    }
}
