package org.colombier.auth.scheme;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Message digests by JCA name; MD4 (not in the JDK) comes from Bouncy Castle, used as a private provider. */
final class Digests {
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private Digests() {
    }

    static MessageDigest get(String algorithm) {
        try {
            return "MD4".equals(algorithm)
                    ? MessageDigest.getInstance(algorithm, BOUNCY_CASTLE)
                    : MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }

    static byte[] hash(String algorithm, byte[]... parts) {
        MessageDigest digest = get(algorithm);
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }
}
