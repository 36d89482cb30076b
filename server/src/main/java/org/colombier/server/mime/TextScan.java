package org.colombier.server.mime;

import java.io.IOException;
import java.io.Reader;

/**
 * Case-insensitive substring search over text read in chunks (SEARCH BODY and TEXT): a part's
 * decoded text is never built as one string. Each chunk is folded as {@link MessageMatcher#fold}
 * folds the needle, and the chunk is cut after whitespace where it can be, so no word (whose case
 * mapping may depend on its letters, like a final sigma) and no surrogate pair is split.
 */
final class TextScan {
    static final int CHUNK = 8192;

    private TextScan() {
    }

    /** Whether the folded text of {@code in} contains {@code foldedNeedle}; reads no further than the match. */
    static boolean contains(Reader in, String foldedNeedle) throws IOException {
        return contains(in, foldedNeedle, CHUNK);
    }

    static boolean contains(Reader in, String foldedNeedle, int chunk) throws IOException {
        if (foldedNeedle.isEmpty()) {
            return true;
        }
        char[] buf = new char[chunk];
        int held = 0;
        String carry = "";
        boolean end = false;
        while (!end || held > 0) {
            if (!end) {
                int n = in.read(buf, held, buf.length - held);
                if (n < 0) {
                    end = true;
                } else {
                    held += n;
                    if (held < buf.length) {
                        continue; // fill the buffer before folding: fewer, longer chunks
                    }
                }
            }
            int cut = end ? held : cutPoint(buf, held);
            String text = carry + MessageMatcher.fold(new String(buf, 0, cut));
            if (text.contains(foldedNeedle)) {
                return true;
            }
            // the last needle-length-1 chars may start a match that ends in the next chunk
            carry = text.substring(Math.max(0, text.length() - foldedNeedle.length() + 1));
            System.arraycopy(buf, cut, buf, 0, held - cut);
            held -= cut;
        }
        return false;
    }

    /** Just after the last whitespace of {@code buf[0, held)}; else all but a trailing high surrogate. */
    private static int cutPoint(char[] buf, int held) {
        for (int i = held - 1; i > 0; i--) {
            if (Character.isWhitespace(buf[i])) {
                return i + 1;
            }
        }
        return Character.isHighSurrogate(buf[held - 1]) ? held - 1 : held;
    }
}
