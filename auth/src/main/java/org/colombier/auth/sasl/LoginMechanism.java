package org.colombier.auth.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * LOGIN (draft-murchison-sasl-login): {@code Username:} then {@code Password:} challenges. An initial
 * response, which some clients send, is the user name.
 */
final class LoginMechanism implements SaslServer {
    private static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    private final SaslContext context;
    private String user;
    private boolean started;
    private boolean done;

    LoginMechanism(SaslContext context) {
        this.context = context;
    }

    @Override
    public String mechanism() {
        return "LOGIN";
    }

    @Override
    public SaslStep step(byte[] response) {
        if (done) {
            return new SaslStep.Malformed("the exchange is over");
        }
        boolean first = !started;
        started = true;
        if (user == null) {
            if (first && (response == null || response.length == 0)) {
                return new SaslStep.Challenge(USERNAME);
            }
            Optional<String> name = response == null ? Optional.empty() : Utf8.decode(response);
            if (name.isEmpty() || name.get().isEmpty()) {
                done = true;
                return new SaslStep.Malformed("LOGIN needs a UTF-8 user name");
            }
            user = name.get();
            return new SaslStep.Challenge(PASSWORD);
        }
        done = true;
        Optional<String> password = response == null ? Optional.empty() : Utf8.decode(response);
        if (password.isEmpty()) {
            return new SaslStep.Malformed("LOGIN password is not UTF-8");
        }
        return SaslStep.Done.of(context.passDb().verifyPlain(context.request().withUser(user), password.get()));
    }
}
