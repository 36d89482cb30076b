package org.colombier.auth.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The crypt(3) family. {@code CRYPT} verifies whatever crypt() format the hash has ({@code $2y$},
 * {@code $5$}, {@code $6$}, and with weak schemes allowed {@code $1$} and DES), as libc does for Dovecot.
 */
record CryptScheme(String name, Kind kind, boolean weak) implements PasswordScheme {
    private static final int BCRYPT_COST = 5;
    private static final int BCRYPT_MAX_KEY = 72;

    enum Kind { ANY, DES, MD5, MD5_OR_PLAIN_MD5, SHA256, SHA512, BLOWFISH }

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
        // SHA-crypt writes rounds=N only when it is not the default 5000, as glibc and Dovecot do
        String shaRounds = rounds == 0 ? "" : "rounds=" + rounds + "$";
        String hash = switch (kind) {
            case ANY, BLOWFISH -> OpenBSDBCrypt.generate("2y", bcryptKey(password), Salts.bytes(16),
                    rounds == 0 ? BCRYPT_COST : rounds);
            case DES -> UnixCrypt.crypt(password, Salts.cryptChars(2));
            case MD5, MD5_OR_PLAIN_MD5 -> Md5Crypt.md5Crypt(password, "$1$" + Salts.cryptChars(8));
            case SHA256 -> Sha2Crypt.sha256Crypt(password, "$5$" + shaRounds + Salts.cryptChars(16));
            case SHA512 -> Sha2Crypt.sha512Crypt(password, "$6$" + shaRounds + Salts.cryptChars(16));
        };
        return hash.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean verify(byte[] password, byte[] raw, boolean allowWeak) {
        String stored = new String(raw, StandardCharsets.US_ASCII);
        if (stored.isEmpty()) {
            return false;
        }
        try {
            return switch (kind) {
                case BLOWFISH -> verifyBlowfish(password, stored);
                case MD5 -> same(Md5Crypt.md5Crypt(password, stored), stored);
                case MD5_OR_PLAIN_MD5 -> stored.startsWith("$1$")
                        ? same(Md5Crypt.md5Crypt(password, stored), stored)
                        : PasswordSchemes.defaults().verifyRaw("PLAIN-MD5", password, stored, allowWeak);
                default -> verifyAnyCrypt(password, stored, allowWeak);
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidPasswordException("not a valid " + name + " hash");
        }
    }

    private static boolean verifyAnyCrypt(byte[] password, String stored, boolean allowWeak) {
        if (stored.length() > 3 && stored.startsWith("$2") && stored.charAt(3) == '$') {
            return verifyBlowfish(password, stored);
        }
        if (stored.startsWith("$5$")) {
            return same(Sha2Crypt.sha256Crypt(password, stored), stored);
        }
        if (stored.startsWith("$6$")) {
            return same(Sha2Crypt.sha512Crypt(password, stored), stored);
        }
        if (stored.startsWith("$1$")) {
            if (!allowWeak) {
                throw new WeakSchemeException("MD5-CRYPT");
            }
            return same(Md5Crypt.md5Crypt(password, stored), stored);
        }
        if (stored.startsWith("$")) {
            throw new InvalidPasswordException("crypt() format not supported");
        }
        if (!allowWeak) {
            throw new WeakSchemeException("DES-CRYPT");
        }
        return same(UnixCrypt.crypt(password, stored), stored);
    }

    private static boolean verifyBlowfish(byte[] password, String stored) {
        if (stored.length() < 30 || !stored.startsWith("$2") || stored.charAt(3) != '$') {
            throw new InvalidPasswordException("not a blowfish hash");
        }
        return OpenBSDBCrypt.checkPassword(stored, bcryptKey(password));
    }

    /** bcrypt reads at most 72 bytes of the key; Bouncy Castle refuses longer ones instead of cutting them. */
    private static byte[] bcryptKey(byte[] password) {
        return password.length > BCRYPT_MAX_KEY ? Arrays.copyOf(password, BCRYPT_MAX_KEY) : password;
    }

    private static boolean same(String computed, String stored) {
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
    }
}
