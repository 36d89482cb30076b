package org.colombier.auth.sasl;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.colombier.auth.scheme.ScramHash;

/** The SASL mechanisms by name, as listed in {@code auth_mechanisms}. */
public final class SaslMechanisms {
    public static final List<String> NAMES = List.of("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256");

    private SaslMechanisms() {
    }

    /** A new exchange, or empty when the mechanism is unknown (names are case-insensitive). */
    public static Optional<SaslServer> create(String mechanism, SaslContext context) {
        return Optional.ofNullable(switch (mechanism.toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> new PlainMechanism(context);
            case "LOGIN" -> new LoginMechanism(context);
            case "CRAM-MD5" -> new CramMd5Mechanism(context);
            case "SCRAM-SHA-1" -> new ScramMechanism(ScramHash.SHA_1, context);
            case "SCRAM-SHA-256" -> new ScramMechanism(ScramHash.SHA_256, context);
            default -> null;
        });
    }

    /** The mechanism sends the password itself, so {@code auth_allow_cleartext} governs it. */
    public static boolean isCleartext(String mechanism) {
        String name = mechanism.toUpperCase(Locale.ROOT);
        return name.equals("PLAIN") || name.equals("LOGIN");
    }
}
