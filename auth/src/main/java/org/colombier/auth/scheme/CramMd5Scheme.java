package org.colombier.auth.scheme;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import org.bouncycastle.crypto.digests.MD5Digest;

/**
 * CRAM-MD5's stored form: the two MD5 states of HMAC-MD5 after the padded key block (outer, then
 * inner; each as four little-endian words), so a challenge can be answered without the password.
 * The MD5 states are read from and written back to Bouncy Castle's {@link MD5Digest} encoded state.
 */
public record CramMd5Scheme(String name, boolean weak) implements PasswordScheme {
    private static final int BLOCK = 64;
    /** Where {@link MD5Digest#getEncodedState()} keeps H1..H4 (big-endian). */
    private static final int STATE_OFFSET = 16;
    public static final int CONTEXT_LENGTH = 32;

    @Override
    public Encoding defaultEncoding() {
        return Encoding.HEX;
    }

    @Override
    public int rawLength() {
        return CONTEXT_LENGTH;
    }

    @Override
    public byte[] generate(byte[] password) {
        return context(password);
    }

    @Override
    public boolean verify(byte[] password, byte[] raw, boolean allowWeak) {
        return MessageDigest.isEqual(context(password), raw);
    }

    /** The HMAC-MD5 context of a key, Dovecot's {@code hmac_md5_get_cram_context()}. */
    public static byte[] context(byte[] key) {
        byte[] k = key.length > BLOCK ? Digests.hash("MD5", key) : key;
        ByteBuffer out = ByteBuffer.allocate(CONTEXT_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (byte pad : new byte[] {0x5c, 0x36}) {
            MD5Digest md5 = new MD5Digest();
            md5.update(padded(k, pad), 0, BLOCK);
            ByteBuffer state = ByteBuffer.wrap(md5.getEncodedState(), STATE_OFFSET, 16);
            for (int i = 0; i < 4; i++) {
                out.putInt(state.getInt());
            }
        }
        return out.array();
    }

    /** HMAC-MD5 of a message, computed from a stored context instead of the key. */
    public static byte[] hmac(byte[] context, byte[] message) {
        if (context.length != CONTEXT_LENGTH) {
            throw new InvalidPasswordException("CRAM-MD5 context must be 32 bytes");
        }
        MD5Digest inner = resume(context, 16);
        inner.update(message, 0, message.length);
        byte[] innerDigest = new byte[16];
        inner.doFinal(innerDigest, 0);
        MD5Digest outer = resume(context, 0);
        outer.update(innerDigest, 0, innerDigest.length);
        byte[] result = new byte[16];
        outer.doFinal(result, 0);
        return result;
    }

    private static MD5Digest resume(byte[] context, int offset) {
        MD5Digest afterOneBlock = new MD5Digest();
        afterOneBlock.update(new byte[BLOCK], 0, BLOCK);
        byte[] encoded = afterOneBlock.getEncodedState();
        ByteBuffer words = ByteBuffer.wrap(context, offset, 16).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer state = ByteBuffer.wrap(encoded, STATE_OFFSET, 16);
        for (int i = 0; i < 4; i++) {
            state.putInt(words.getInt());
        }
        return new MD5Digest(encoded);
    }

    private static byte[] padded(byte[] key, byte pad) {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            block[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
        }
        return block;
    }
}
