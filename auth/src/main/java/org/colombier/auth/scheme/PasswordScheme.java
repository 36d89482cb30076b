package org.colombier.auth.scheme;

/**
 * One password scheme, working on the stored password's raw bytes (already decoded from base64/hex),
 * the way Dovecot's schemes do.
 */
public interface PasswordScheme {
    /** The canonical upper-case name, e.g. {@code SHA512-CRYPT}. */
    String name();

    /** Refused unless {@code auth_allow_weak_schemes = yes}. */
    boolean weak();

    Encoding defaultEncoding();

    /** The raw length every stored value has, or 0 when it varies. */
    default int rawLength() {
        return 0;
    }

    /** A new stored value (raw bytes, before encoding) for this password, with a fresh salt. */
    byte[] generate(byte[] password);

    /**
     * {@link #generate(byte[])} with a cost ({@code doveadm pw -r}): crypt rounds, the bcrypt cost,
     * PBKDF2 iterations; 0 is the scheme's default. Schemes without a cost ignore it, as in Dovecot.
     *
     * @throws IllegalArgumentException when the scheme cannot use that cost
     */
    default byte[] generate(byte[] password, int rounds) {
        return generate(password);
    }

    /**
     * Whether the password matches.
     *
     * @throws InvalidPasswordException when the stored value is not of this scheme's shape
     */
    boolean verify(byte[] password, byte[] raw, boolean allowWeak);
}
