package org.colombier.auth.scheme;

import java.security.MessageDigest;
import java.util.Base64;

/**
 * What a SCRAM server stores, in Dovecot's text form {@code iterations,salt,StoredKey,ServerKey}
 * (base64 values).
 */
public record ScramCredentials(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    public static final int DEFAULT_ITERATIONS = 4096;

    public static ScramCredentials derive(ScramHash hash, String password, byte[] salt, int iterations) {
        byte[] salted = hash.saltedPassword(password, salt, iterations);
        byte[] clientKey = hash.hmac(salted, "Client Key");
        return new ScramCredentials(iterations, salt.clone(), hash.hash(clientKey), hash.hmac(salted, "Server Key"));
    }

    public static ScramCredentials parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new InvalidPasswordException("SCRAM credentials need 4 fields");
        }
        try {
            int iterations = Integer.parseInt(parts[0]);
            if (iterations < 1) {
                throw new InvalidPasswordException("SCRAM iteration count must be positive");
            }
            Base64.Decoder b64 = Base64.getDecoder();
            return new ScramCredentials(iterations, b64.decode(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new InvalidPasswordException("bad SCRAM credentials");
        }
    }

    public String format() {
        Base64.Encoder b64 = Base64.getEncoder();
        return iterations + "," + b64.encodeToString(salt) + "," + b64.encodeToString(storedKey) + ","
                + b64.encodeToString(serverKey);
    }

    /** The stored key a password gives with these parameters equals ours. */
    public boolean matches(ScramHash hash, String password) {
        return MessageDigest.isEqual(derive(hash, password, salt, iterations).storedKey, storedKey);
    }
}
