package org.colombier.server.pop3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.auth.scheme.InvalidPasswordException;
import org.colombier.auth.scheme.PasswordSchemes;
import org.colombier.auth.scheme.StoredPassword;

/**
 * RFC 1939 7 APOP: the client proves it knows the password with MD5(timestamp + password). Only a
 * password stored in cleartext can be checked, as in Dovecot.
 */
final class Apop {
    private Apop() {
    }

    /** The outcome of checking {@code digest} against the stored credentials. */
    static AuthResult check(CredentialsResult result, String timestamp, byte[] digest) {
        if (result instanceof CredentialsResult.TempFail t) {
            return new AuthResult.TempFail(t.detail());
        }
        if (!(result instanceof CredentialsResult.Found found)) {
            return new AuthResult.Failed(result instanceof CredentialsResult.NotFound
                    ? AuthResult.Reason.UNKNOWN_USER : AuthResult.Reason.SCHEME_NOT_ALLOWED);
        }
        Optional<byte[]> password = cleartext(found.credentials());
        if (password.isEmpty()) {
            return new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED);
        }
        if (!MessageDigest.isEqual(digest(timestamp, password.get()), digest)) {
            return new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH);
        }
        return found.extraFields().containsKey("nologin")
                ? new AuthResult.Failed(AuthResult.Reason.DISABLED)
                : new AuthResult.Ok(found.user(), found.extraFields());
    }

    static byte[] digest(String timestamp, byte[] password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            md5.update(password);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    private static Optional<byte[]> cleartext(String credentials) {
        try {
            return PasswordSchemes.defaults().parse(credentials, "PLAIN")
                    .filter(s -> switch (s.scheme().name().toUpperCase(Locale.ROOT)) {
                        case "PLAIN", "CLEAR", "CLEARTEXT" -> true;
                        default -> false;
                    })
                    .map(StoredPassword::raw);
        } catch (InvalidPasswordException e) {
            return Optional.empty();
        }
    }
}
