package org.colombier.auth.scheme;

import java.security.MessageDigest;

/** The password itself: PLAIN, CLEAR, CLEARTEXT. */
record PlainScheme(String name) implements PasswordScheme {
    @Override
    public boolean weak() {
        return false;
    }

    @Override
    public Encoding defaultEncoding() {
        return Encoding.NONE;
    }

    @Override
    public byte[] generate(byte[] password) {
        return password.clone();
    }

    @Override
    public boolean verify(byte[] password, byte[] raw, boolean allowWeak) {
        return MessageDigest.isEqual(password, raw);
    }
}
