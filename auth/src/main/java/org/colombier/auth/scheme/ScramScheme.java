package org.colombier.auth.scheme;

import java.nio.charset.StandardCharsets;

/** SCRAM-SHA-1 and SCRAM-SHA-256 stored credentials, usable for plaintext logins too. */
record ScramScheme(ScramHash hash) implements PasswordScheme {
    private static final int SALT_LENGTH = 16;

    @Override
    public String name() {
        return hash.mechanism();
    }

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
        return ScramCredentials.derive(hash, new String(password, StandardCharsets.UTF_8), Salts.bytes(SALT_LENGTH),
                ScramCredentials.DEFAULT_ITERATIONS).format().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean verify(byte[] password, byte[] raw, boolean allowWeak) {
        return ScramCredentials.parse(new String(raw, StandardCharsets.US_ASCII))
                .matches(hash, new String(password, StandardCharsets.UTF_8));
    }
}
