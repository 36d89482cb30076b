package org.colombier.bench.imap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits the server's byte stream into responses: lines ending in CRLF, where a line ending in
 * {@code {n}} is followed by n bytes of literal and the rest of the response. Resumable: bytes may
 * arrive split anywhere.
 */
public final class ResponseReader {
    private final int maxLine;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder text = new StringBuilder();
    private List<byte[]> literals = new ArrayList<>();
    private byte[] literal;
    private int literalFilled;

    public ResponseReader(int maxLine) {
        this.maxLine = maxLine;
    }

    public void feed(ByteBuffer in, Consumer<ImapResponse> out) {
        while (in.hasRemaining()) {
            if (literal != null) {
                int n = Math.min(in.remaining(), literal.length - literalFilled);
                in.get(literal, literalFilled, n);
                literalFilled += n;
                if (literalFilled == literal.length) {
                    literals.add(literal);
                    literal = null;
                }
                continue;
            }
            byte b = in.get();
            if (b != '\n') {
                if (line.size() >= maxLine) {
                    throw new IllegalStateException("server line longer than " + maxLine + " bytes");
                }
                line.write(b);
                continue;
            }
            String part = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (part.endsWith("\r")) {
                part = part.substring(0, part.length() - 1);
            }
            text.append(part);
            int size = literalSize(part);
            if (size >= 0) {
                literal = new byte[size];
                literalFilled = 0;
                if (size == 0) {
                    literals.add(literal);
                    literal = null;
                }
                continue;
            }
            out.accept(new ImapResponse(text.toString(), List.copyOf(literals)));
            text.setLength(0);
            literals = new ArrayList<>();
        }
    }

    /** n when the line ends with {@code {n}} (or {@code {n+}}), else -1. */
    static int literalSize(String line) {
        if (!line.endsWith("}")) {
            return -1;
        }
        int open = line.lastIndexOf('{');
        if (open < 0) {
            return -1;
        }
        String digits = line.substring(open + 1, line.length() - 1);
        if (digits.endsWith("+")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }
}
