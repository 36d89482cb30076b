package org.colombier.auth.sasl;

import java.util.Optional;

/**
 * PLAIN (RFC 4616): {@code authzid NUL authcid NUL passwd}. An authorization identity other than
 * the authentication identity is a master login, as in Dovecot: the authentication identity is the
 * master user, and the session becomes the authorization identity's.
 */
final class PlainMechanism implements SaslServer {
    private final SaslContext context;
    private boolean done;

    PlainMechanism(SaslContext context) {
        this.context = context;
    }

    @Override
    public String mechanism() {
        return "PLAIN";
    }

    @Override
    public SaslStep step(byte[] response) {
        if (done) {
            return new SaslStep.Malformed("the exchange is over");
        }
        if (response == null) {
            return new SaslStep.Challenge(new byte[0]);
        }
        done = true;
        int first = indexOf(response, 0);
        int second = first < 0 ? -1 : indexOf(response, first + 1);
        if (second < 0 || indexOf(response, second + 1) >= 0) {
            return new SaslStep.Malformed("PLAIN needs authzid NUL authcid NUL passwd");
        }
        Optional<String> authzid = Utf8.decode(response, 0, first);
        Optional<String> authcid = Utf8.decode(response, first + 1, second - first - 1);
        Optional<String> password = Utf8.decode(response, second + 1, response.length - second - 1);
        if (authzid.isEmpty() || authcid.isEmpty() || password.isEmpty()) {
            return new SaslStep.Malformed("PLAIN data is not UTF-8");
        }
        if (authcid.get().isEmpty()) {
            return new SaslStep.Malformed("PLAIN needs an authentication identity");
        }
        if (!authzid.get().isEmpty() && !authzid.get().equals(authcid.get())) {
            return SaslStep.Done.of(context.masters().verifyMaster(context.request().withUser(authcid.get()),
                    authzid.get(), password.get()));
        }
        return SaslStep.Done.of(context.passDb().verifyPlain(context.request().withUser(authcid.get()), password.get()));
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
