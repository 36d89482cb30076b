package org.colombier.auth.scheme;

import java.security.SecureRandom;

/** Random salts, in bytes or in crypt()'s alphabet. */
final class Salts {
    private static final String CRYPT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Salts() {
    }

    static byte[] bytes(int length) {
        byte[] salt = new byte[length];
        RANDOM.nextBytes(salt);
        return salt;
    }

    static String cryptChars(int length) {
        StringBuilder salt = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            salt.append(CRYPT_CHARS.charAt(RANDOM.nextInt(CRYPT_CHARS.length())));
        }
        return salt.toString();
    }
}
