package org.colombier.auth.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.auth.scheme.InvalidPasswordException;
import org.colombier.auth.scheme.PasswordSchemes;
import org.colombier.auth.scheme.ScramCredentials;
import org.colombier.auth.scheme.ScramHash;
import org.colombier.auth.scheme.StoredPassword;

/**
 * SCRAM-SHA-1 / SCRAM-SHA-256 server (RFC 5802, RFC 7677), without channel binding (no -PLUS).
 * Needs the password stored in the same SCRAM scheme, or in cleartext.
 */
final class ScramMechanism implements SaslServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { CLIENT_FIRST, CLIENT_FINAL, DONE }

    private final ScramHash hash;
    private final SaslContext context;
    private State state = State.CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private ScramCredentials credentials;
    private CredentialsResult.Found found;

    ScramMechanism(ScramHash hash, SaslContext context) {
        this.hash = hash;
        this.context = context;
    }

    @Override
    public String mechanism() {
        return hash.mechanism();
    }

    @Override
    public SaslStep step(byte[] response) {
        if (state == State.DONE) {
            return new SaslStep.Malformed("the exchange is over");
        }
        if (state == State.CLIENT_FIRST && response == null) {
            return new SaslStep.Challenge(new byte[0]);
        }
        State current = state;
        state = State.DONE;
        Optional<String> text = response == null ? Optional.empty() : Utf8.decode(response);
        if (text.isEmpty()) {
            return new SaslStep.Malformed("SCRAM message is not UTF-8");
        }
        return current == State.CLIENT_FIRST ? clientFirst(text.get()) : clientFinal(text.get());
    }

    private SaslStep clientFirst(String message) {
        // gs2-header = gs2-cbind-flag "," [ authzid ] "," ; we offer no channel binding
        int firstComma = message.indexOf(',');
        int secondComma = firstComma < 0 ? -1 : message.indexOf(',', firstComma + 1);
        if (secondComma < 0) {
            return new SaslStep.Malformed("SCRAM client-first-message needs a GS2 header");
        }
        String cbFlag = message.substring(0, firstComma);
        if (!cbFlag.equals("n") && !cbFlag.equals("y")) {
            return new SaslStep.Malformed("SCRAM channel binding is not supported");
        }
        String authzPart = message.substring(firstComma + 1, secondComma);
        Optional<String> authzid = authzPart.isEmpty() ? Optional.of("")
                : authzPart.startsWith("a=") ? saslName(authzPart.substring(2)) : Optional.empty();
        gs2Header = message.substring(0, secondComma + 1);
        clientFirstBare = message.substring(secondComma + 1);
        String[] attributes = clientFirstBare.split(",", -1);
        if (authzid.isEmpty() || attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")
                || attributes[1].length() < 3) {
            return new SaslStep.Malformed("SCRAM client-first-message needs n=user,r=nonce");
        }
        Optional<String> user = saslName(attributes[0].substring(2));
        if (user.isEmpty() || user.get().isEmpty()) {
            return new SaslStep.Malformed("SCRAM user name is badly encoded");
        }
        if (!authzid.get().isEmpty() && !authzid.get().equals(user.get())) {
            return SaslStep.Done.of(new AuthResult.Failed(AuthResult.Reason.DISABLED));
        }
        CredentialsResult result = context.passDb().lookupCredentials(context.request().withUser(user.get()));
        if (!(result instanceof CredentialsResult.Found f)) {
            return SaslStep.Done.of(Credentials.failure(result));
        }
        Optional<ScramCredentials> stored = scramCredentials(f.credentials());
        if (stored.isEmpty()) {
            return SaslStep.Done.of(new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED));
        }
        found = f;
        credentials = stored.get();
        nonce = attributes[1].substring(2) + context.nonces().get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credentials.salt()) + ",i="
                + credentials.iterations();
        state = State.CLIENT_FINAL;
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private SaslStep clientFinal(String message) {
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            return new SaslStep.Malformed("SCRAM client-final-message needs a proof");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        String expectedBinding = "c=" + Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (attributes.length < 2 || !attributes[0].equals(expectedBinding) || !attributes[1].equals("r=" + nonce)) {
            return new SaslStep.Malformed("SCRAM channel binding or nonce does not match");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return new SaslStep.Malformed("SCRAM proof is not base64");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = hash.hmac(credentials.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            return SaslStep.Done.of(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(hash.hash(clientKey), credentials.storedKey())) {
            return SaslStep.Done.of(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
        }
        AuthResult result = Credentials.success(found);
        byte[] serverFinal = ("v=" + Base64.getEncoder().encodeToString(hash.hmac(credentials.serverKey(), authMessage)))
                .getBytes(StandardCharsets.UTF_8);
        return new SaslStep.Done(result, result instanceof AuthResult.Ok ? serverFinal : null);
    }

    /** Stored SCRAM credentials of this hash, or ones made from a cleartext password. */
    private Optional<ScramCredentials> scramCredentials(String stored) {
        try {
            Optional<StoredPassword> parsed = PasswordSchemes.defaults().parse(stored, "PLAIN");
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            String scheme = parsed.get().scheme().name();
            String raw = new String(parsed.get().raw(), StandardCharsets.UTF_8);
            if (scheme.equals(hash.mechanism())) {
                return Optional.of(ScramCredentials.parse(raw));
            }
            if (scheme.equals("PLAIN") || scheme.equals("CLEAR") || scheme.equals("CLEARTEXT")) {
                byte[] salt = new byte[16];
                RANDOM.nextBytes(salt);
                return Optional.of(ScramCredentials.derive(hash, raw, salt, ScramCredentials.DEFAULT_ITERATIONS));
            }
            return Optional.empty();
        } catch (InvalidPasswordException e) {
            return Optional.empty();
        }
    }

    /** RFC 5802 saslname: {@code =2C} is ',', {@code =3D} is '='; any other '=' is an error. */
    private static Optional<String> saslName(String encoded) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '=') {
                if (encoded.startsWith("=2C", i)) {
                    out.append(',');
                } else if (encoded.startsWith("=3D", i)) {
                    out.append('=');
                } else {
                    return Optional.empty();
                }
                i += 2;
            } else if (c == ',') {
                return Optional.empty();
            } else {
                out.append(c);
            }
        }
        return Optional.of(out.toString());
    }
}
