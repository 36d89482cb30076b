package org.colombier.api.storage;

import java.util.Arrays;

/**
 * The modified UTF-7 encoding of mailbox names (RFC 3501 section 5.1.3): printable ASCII stands for
 * itself ({@code &} as {@code &-}); anything else is UTF-16 in modified BASE64 ({@code ,} for
 * {@code /}, no padding) between {@code &} and {@code -}. Decoding accepts only the one canonical
 * form, so that two spellings never name the same mailbox.
 */
public final class ModifiedUtf7 {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
        }
    }

    private ModifiedUtf7() {
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            out.append('&');
            int bits = 0;
            int buffer = 0;
            while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7e)) {
                buffer = (buffer << 16) | name.charAt(i++);
                bits += 16;
                while (bits >= 6) {
                    bits -= 6;
                    out.append(ALPHABET[(buffer >> bits) & 0x3f]);
                }
            }
            if (bits > 0) {
                out.append(ALPHABET[(buffer << (6 - bits)) & 0x3f]);
            }
            out.append('-');
        }
        return out.toString();
    }

    /**
     * Decodes {@code encoded}.
     *
     * @throws IllegalArgumentException for anything but the canonical encoding: a bare or
     *     unterminated {@code &}, characters outside printable ASCII, printable ASCII or a broken
     *     surrogate pair inside a shift, leftover or non-zero padding bits, adjacent shifts
     */
    public static String decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        int i = 0;
        boolean afterShift = false;
        while (i < encoded.length()) {
            char c = encoded.charAt(i++);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("Mailbox name has a character outside printable ASCII");
            }
            if (c != '&') {
                out.append(c);
                afterShift = false;
                continue;
            }
            if (i < encoded.length() && encoded.charAt(i) == '-') {
                out.append('&');
                i++;
                afterShift = false;
                continue;
            }
            if (afterShift) {
                throw new IllegalArgumentException("Mailbox name has two adjacent encoded runs");
            }
            i = decodeShift(encoded, i, out);
            afterShift = true;
        }
        return out.toString();
    }

    /**
     * Decodes a name found on disk: one that is not the canonical encoding (Dovecot keeps such
     * directories) is shown as stored rather than hidden.
     */
    public static String decodeStored(String stored) {
        try {
            return decode(stored);
        } catch (IllegalArgumentException e) {
            return stored;
        }
    }

    private static int decodeShift(String s, int i, StringBuilder out) {
        int buffer = 0;
        int bits = 0;
        int start = out.length();
        while (true) {
            if (i >= s.length()) {
                throw new IllegalArgumentException("Mailbox name has an unterminated '&' shift");
            }
            char c = s.charAt(i++);
            if (c == '-') {
                break;
            }
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("Mailbox name has an invalid character '" + c + "' in a shift");
            }
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 16) {
                bits -= 16;
                char u = (char) ((buffer >> bits) & 0xffff);
                if (u >= 0x20 && u <= 0x7e) {
                    throw new IllegalArgumentException("Mailbox name encodes printable ASCII");
                }
                out.append(u);
            }
        }
        if (out.length() == start) {
            throw new IllegalArgumentException("Mailbox name has an empty shift");
        }
        if (bits >= 6 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("Mailbox name has a non-canonical encoding");
        }
        for (int k = start; k < out.length(); k++) {
            char u = out.charAt(k);
            if (Character.isHighSurrogate(u)) {
                if (k + 1 >= out.length() || !Character.isLowSurrogate(out.charAt(k + 1))) {
                    throw new IllegalArgumentException("Mailbox name has a broken surrogate pair");
                }
                k++;
            } else if (Character.isLowSurrogate(u)) {
                throw new IllegalArgumentException("Mailbox name has a broken surrogate pair");
            }
        }
        return i;
    }
}
