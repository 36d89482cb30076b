package org.colombier.auth.scheme;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A plain digest of the password (SHA, SHA256, PLAIN-MD5 ...) or, when salted, Dovecot's
 * {@code digest(password + salt) + salt} layout (SSHA, SSHA256, SSHA512, SMD5).
 */
record DigestScheme(String name, String algorithm, int digestLength, boolean salted, boolean weak,
                    Encoding defaultEncoding) implements PasswordScheme {
    private static final int SALT_LENGTH = 4;

    @Override
    public int rawLength() {
        return salted ? 0 : digestLength;
    }

    @Override
    public byte[] generate(byte[] password) {
        if (!salted) {
            return Digests.hash(algorithm, password);
        }
        byte[] salt = Salts.bytes(SALT_LENGTH);
        byte[] digest = Digests.hash(algorithm, password, salt);
        byte[] raw = Arrays.copyOf(digest, digest.length + salt.length);
        System.arraycopy(salt, 0, raw, digest.length, salt.length);
        return raw;
    }

    @Override
    public boolean verify(byte[] password, byte[] raw, boolean allowWeak) {
        if (!salted) {
            return MessageDigest.isEqual(Digests.hash(algorithm, password), raw);
        }
        if (raw.length <= digestLength) {
            throw new InvalidPasswordException(name + " password is too short");
        }
        byte[] salt = Arrays.copyOfRange(raw, digestLength, raw.length);
        return MessageDigest.isEqual(Digests.hash(algorithm, password, salt), Arrays.copyOf(raw, digestLength));
    }
}
