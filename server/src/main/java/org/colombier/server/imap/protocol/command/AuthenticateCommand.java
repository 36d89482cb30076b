package org.colombier.server.imap.protocol.command;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * AUTHENTICATE mechanism [initial-response] (RFC 3501, RFC 4959 SASL-IR).
 *
 * @param initialResponse the decoded initial response, empty for {@code =}; null when none was sent
 */
public record AuthenticateCommand(String mechanism, byte[] initialResponse) implements ImapCommand {

    public static AuthenticateCommand parse(Args args) throws CommandParseException {
        String mechanism = args.atom("SASL mechanism").toUpperCase(Locale.ROOT);
        byte[] initial = null;
        if (args.hasMore()) {
            initial = decodeSasl(args.astring("initial response"));
        }
        args.end();
        return new AuthenticateCommand(mechanism, initial);
    }

    /** A base64 SASL response line; {@code =} is an empty response. */
    public static byte[] decodeSasl(String base64) throws CommandParseException {
        if (base64.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw CommandParseException.bad("Invalid base64 in SASL response");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticateCommand a && a.mechanism.equals(mechanism)
                && Arrays.equals(a.initialResponse, initialResponse);
    }

    @Override
    public int hashCode() {
        return mechanism.hashCode() * 31 + Arrays.hashCode(initialResponse);
    }

    @Override
    public String toString() {
        return "AuthenticateCommand[" + mechanism + (initialResponse == null ? "" : " +initial response") + "]";
    }
}
