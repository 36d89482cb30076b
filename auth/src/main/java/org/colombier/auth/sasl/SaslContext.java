package org.colombier.auth.sasl;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.PassDb;
import org.colombier.auth.MasterLogins;

/**
 * What the mechanisms of one login need.
 *
 * @param masters          master logins, for an authorization identity other than the login name
 * @param request          the connection's request; mechanisms replace its user with the one the client names
 * @param hostname         the server's name, in CRAM-MD5 challenges
 * @param allowWeakSchemes {@code auth_allow_weak_schemes}, for stored credentials in a weak scheme
 * @param nonces           fresh server nonces (random; fixed only in tests of published examples)
 */
public record SaslContext(PassDb passDb, MasterLogins masters, AuthRequest request, String hostname, boolean allowWeakSchemes,
                          Supplier<String> nonces) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static SaslContext of(PassDb passDb, MasterLogins masters, AuthRequest request, String hostname,
                                 boolean allowWeakSchemes) {
        return new SaslContext(passDb, masters, request, hostname, allowWeakSchemes, SaslContext::randomNonce);
    }

    private static String randomNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        // base64 has no ',', so this is a valid SCRAM nonce, and no '@' or '>', so a CRAM-MD5 msg-id part
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
