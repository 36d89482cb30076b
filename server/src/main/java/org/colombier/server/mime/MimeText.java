package org.colombier.server.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Conversions for the byte-preserving strings this package keeps (one char per raw byte, as
 * ISO-8859-1 decoding gives), so that ENVELOPE and BODYSTRUCTURE repeat the message's bytes exactly.
 */
final class MimeText {
    private MimeText() {
    }

    static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String byteString) {
        return byteString.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Byte string to text: UTF-8 if valid, else ISO-8859-1 (the bytes as they are). */
    static String bytesToText(String byteString) {
        boolean ascii = true;
        for (int i = 0; i < byteString.length() && ascii; i++) {
            ascii = byteString.charAt(i) < 0x80;
        }
        if (ascii) {
            return byteString;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes(byteString))).toString();
        } catch (CharacterCodingException e) {
            return byteString;
        }
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static String trimWhitespace(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isWhitespace(s.charAt(a))) {
            a++;
        }
        while (b > a && isWhitespace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }
}
