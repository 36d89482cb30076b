package org.colombier.auth.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2 in libsodium's PHC string format {@code $argon2id$v=19$m=65536,t=3,p=1$salt$hash}, as Dovecot
 * stores it. Verification follows the variant written in the hash, like libsodium does.
 */
record Argon2Scheme(String name, int type, int memoryKb, int iterations) implements PasswordScheme {
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2(id|i|d)\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int SALT_LENGTH = 16;
    private static final int HASH_LENGTH = 32;

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
        byte[] salt = Salts.bytes(SALT_LENGTH);
        byte[] hash = derive(type, Argon2Parameters.ARGON2_VERSION_13, memoryKb, iterations, 1, salt, password, HASH_LENGTH);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String variant = switch (type) {
            case Argon2Parameters.ARGON2_i -> "argon2i";
            case Argon2Parameters.ARGON2_d -> "argon2d";
            default -> "argon2id";
        };
        return ("$" + variant + "$v=19$m=" + memoryKb + ",t=" + iterations + ",p=1$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(hash)).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean verify(byte[] password, byte[] raw, boolean allowWeak) {
        Matcher m = PHC.matcher(new String(raw, StandardCharsets.US_ASCII));
        if (!m.matches()) {
            throw new InvalidPasswordException("not an argon2 hash");
        }
        int variant = switch (m.group(1)) {
            case "i" -> Argon2Parameters.ARGON2_i;
            case "d" -> Argon2Parameters.ARGON2_d;
            default -> Argon2Parameters.ARGON2_id;
        };
        try {
            byte[] salt = Base64.getDecoder().decode(m.group(6));
            byte[] expected = Base64.getDecoder().decode(m.group(7));
            byte[] actual = derive(variant, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), salt, password, expected.length);
            return MessageDigest.isEqual(actual, expected);
        } catch (IllegalArgumentException e) {
            throw new InvalidPasswordException("bad argon2 parameters");
        }
    }

    private static byte[] derive(int type, int version, int memoryKb, int iterations, int parallelism,
                                 byte[] salt, byte[] password, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type).withVersion(version).withMemoryAsKB(memoryKb)
                .withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
