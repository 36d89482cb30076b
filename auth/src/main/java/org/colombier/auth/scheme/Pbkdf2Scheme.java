package org.colombier.auth.scheme;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Dovecot's PBKDF2: {@code $1$<salt>$<rounds>$<hex of PBKDF2-HMAC-SHA1, 20 bytes>}. */
record Pbkdf2Scheme() implements PasswordScheme {
    private static final int ROUNDS = 5000;
    private static final int KEY_BITS = 160;

    @Override
    public String name() {
        return "PBKDF2";
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
        return generate(password, 0);
    }

    @Override
    public byte[] generate(byte[] password, int rounds) {
        int n = rounds == 0 ? ROUNDS : rounds;
        String salt = Salts.cryptChars(16);
        return ("$1$" + salt + "$" + n + "$" + HexFormat.of().formatHex(derive(password, salt, n)))
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean verify(byte[] password, byte[] raw, boolean allowWeak) {
        String[] parts = new String(raw, StandardCharsets.US_ASCII).split("\\$", -1);
        if (parts.length != 5 || !parts[0].isEmpty() || !"1".equals(parts[1])) {
            throw new InvalidPasswordException("not a PBKDF2 hash");
        }
        try {
            int rounds = Integer.parseInt(parts[3]);
            byte[] expected = HexFormat.of().parseHex(parts[4]);
            return rounds > 0 && MessageDigest.isEqual(derive(password, parts[2], rounds), expected);
        } catch (IllegalArgumentException e) {
            throw new InvalidPasswordException("bad PBKDF2 rounds or hash");
        }
    }

    private static byte[] derive(byte[] password, String salt, int rounds) {
        char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                    .generateSecret(new PBEKeySpec(chars, salt.getBytes(StandardCharsets.UTF_8), rounds, KEY_BITS))
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA1 unavailable", e);
        }
    }
}
