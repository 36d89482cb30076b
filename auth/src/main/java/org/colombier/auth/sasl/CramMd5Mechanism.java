package org.colombier.auth.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.auth.scheme.CramMd5Scheme;
import org.colombier.auth.scheme.InvalidPasswordException;
import org.colombier.auth.scheme.PasswordSchemes;
import org.colombier.auth.scheme.StoredPassword;

/**
 * CRAM-MD5 (RFC 2195): the server sends {@code <nonce@hostname>}, the client answers
 * {@code user hex(HMAC-MD5(password, challenge))}. Needs the password stored as CRAM-MD5 (its HMAC
 * context) or in cleartext.
 */
final class CramMd5Mechanism implements SaslServer {
    private final SaslContext context;
    private byte[] challenge;
    private boolean done;

    CramMd5Mechanism(SaslContext context) {
        this.context = context;
    }

    @Override
    public String mechanism() {
        return "CRAM-MD5";
    }

    @Override
    public SaslStep step(byte[] response) {
        if (done) {
            return new SaslStep.Malformed("the exchange is over");
        }
        if (challenge == null) {
            if (response != null && response.length > 0) {
                done = true;
                return new SaslStep.Malformed("CRAM-MD5 takes no initial response");
            }
            challenge = ("<" + context.nonces().get() + "@" + context.hostname() + ">").getBytes(StandardCharsets.UTF_8);
            return new SaslStep.Challenge(challenge);
        }
        done = true;
        Optional<String> text = response == null ? Optional.empty() : Utf8.decode(response);
        int space = text.map(t -> t.lastIndexOf(' ')).orElse(-1);
        if (space <= 0) {
            return new SaslStep.Malformed("CRAM-MD5 needs: user SP digest");
        }
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(text.get().substring(space + 1));
        } catch (IllegalArgumentException e) {
            return new SaslStep.Malformed("CRAM-MD5 digest is not hex");
        }
        CredentialsResult result = context.passDb().lookupCredentials(context.request().withUser(text.get().substring(0, space)));
        if (!(result instanceof CredentialsResult.Found found)) {
            return SaslStep.Done.of(Credentials.failure(result));
        }
        Optional<byte[]> hmacContext = hmacContext(found.credentials());
        if (hmacContext.isEmpty()) {
            return SaslStep.Done.of(new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED));
        }
        return SaslStep.Done.of(MessageDigest.isEqual(CramMd5Scheme.hmac(hmacContext.get(), challenge), digest)
                ? Credentials.success(found) : new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
    }

    /** The HMAC-MD5 context of the stored password, when its scheme allows CRAM-MD5. */
    private Optional<byte[]> hmacContext(String credentials) {
        Optional<StoredPassword> stored;
        try {
            stored = PasswordSchemes.defaults().parse(credentials, "PLAIN");
        } catch (InvalidPasswordException e) {
            return Optional.empty();
        }
        return stored.flatMap(s -> switch (s.scheme().name()) {
            case "CRAM-MD5" -> Optional.of(s.raw());
            case "HMAC-MD5" -> context.allowWeakSchemes() ? Optional.of(s.raw()) : Optional.empty();
            case "PLAIN", "CLEAR", "CLEARTEXT" -> Optional.of(CramMd5Scheme.context(s.raw()));
            default -> Optional.empty();
        });
    }
}
