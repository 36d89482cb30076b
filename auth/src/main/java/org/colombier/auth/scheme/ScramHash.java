package org.colombier.auth.scheme;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** The hash behind a SCRAM variant (RFC 5802, RFC 7677), with the functions SCRAM is built from. */
public enum ScramHash {
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", "PBKDF2WithHmacSHA1", 20),
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 32);

    private final String mechanism;
    private final String digest;
    private final String mac;
    private final String pbkdf2;
    private final int length;

    ScramHash(String mechanism, String digest, String mac, String pbkdf2, int length) {
        this.mechanism = mechanism;
        this.digest = digest;
        this.mac = mac;
        this.pbkdf2 = pbkdf2;
        this.length = length;
    }

    /** The SASL mechanism and password scheme name, e.g. {@code SCRAM-SHA-256}. */
    public String mechanism() {
        return mechanism;
    }

    public byte[] hash(byte[] data) {
        return Digests.hash(digest, data);
    }

    public byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac m = Mac.getInstance(mac);
            m.init(new SecretKeySpec(key, mac));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(mac + " unavailable", e);
        }
    }

    public byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Hi() of RFC 5802: PBKDF2 with this HMAC, one block. */
    public byte[] saltedPassword(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance(pbkdf2)
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8))
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pbkdf2 + " unavailable", e);
        }
    }
}
