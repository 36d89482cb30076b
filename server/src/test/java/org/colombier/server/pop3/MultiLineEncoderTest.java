package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MultiLineEncoderTest {
    private static final String MESSAGE = "Subject: hi\r\nFrom: a@b\r\n\r\n.dot line\r\nline 2\r\n..two dots\r\nlast";

    /** Encodes {@code input} fed in pieces of {@code piece} bytes (0: whole). */
    private static String encode(Supplier<MultiLineEncoder> factory, String input, int split) {
        byte[] in = input.getBytes(StandardCharsets.ISO_8859_1);
        MultiLineEncoder encoder = factory.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[MultiLineEncoder.maxOutput(in.length)];
        int[] cuts = split == 0 ? new int[] {0, in.length} : new int[] {0, Math.min(split, in.length), in.length};
        for (int i = 0; i + 1 < cuts.length && !encoder.complete(); i++) {
            int n = encoder.encode(in, cuts[i], cuts[i + 1] - cuts[i], buffer);
            out.write(buffer, 0, n);
        }
        int n = encoder.finish(buffer);
        out.write(buffer, 0, n);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The same result wherever the input is split, CR and LF of one line end included. */
    private static String encodeEverySplit(Supplier<MultiLineEncoder> factory, String input) {
        String whole = encode(factory, input, 0);
        for (int split = 1; split < input.length(); split++) {
            assertThat(encode(factory, input, split)).as("split at %d", split).isEqualTo(whole);
        }
        return whole;
    }

    @Test
    void retrStuffsDotsAndEndsWithCrlfDot() {
        assertThat(encodeEverySplit(MultiLineEncoder::wholeMessage, MESSAGE))
                .isEqualTo("Subject: hi\r\nFrom: a@b\r\n\r\n..dot line\r\nline 2\r\n...two dots\r\nlast\r\n.\r\n");
    }

    @Test
    void bareLineFeedsBecomeCrlfAndLoneCrStays() {
        assertThat(encodeEverySplit(MultiLineEncoder::wholeMessage, "A: b\n\n.x\nlone\rcr\n"))
                .isEqualTo("A: b\r\n\r\n..x\r\nlone\rcr\r\n.\r\n");
    }

    @Test
    void aMessageEndingInCrlfGetsNoExtraLine() {
        assertThat(encodeEverySplit(MultiLineEncoder::wholeMessage, "A: b\r\n\r\nbody\r\n"))
                .isEqualTo("A: b\r\n\r\nbody\r\n.\r\n");
        assertThat(encodeEverySplit(MultiLineEncoder::wholeMessage, "")).isEqualTo(".\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 | 'Subject: hi\\r\\nFrom: a@b\\r\\n\\r\\n.\\r\\n'",
            "1 | 'Subject: hi\\r\\nFrom: a@b\\r\\n\\r\\n..dot line\\r\\n.\\r\\n'",
            "2 | 'Subject: hi\\r\\nFrom: a@b\\r\\n\\r\\n..dot line\\r\\nline 2\\r\\n.\\r\\n'",
            "9 | 'Subject: hi\\r\\nFrom: a@b\\r\\n\\r\\n..dot line\\r\\nline 2\\r\\n...two dots\\r\\nlast\\r\\n.\\r\\n'",
    })
    void topSendsTheHeaderAndTheAskedBodyLines(long lines, String expected) {
        assertThat(encodeEverySplit(() -> MultiLineEncoder.top(lines), MESSAGE))
                .isEqualTo(expected.replace("\\r", "\r").replace("\\n", "\n"));
    }

    @Test
    void topOfAMessageWithoutBodySendsTheWholeHeader() {
        assertThat(encodeEverySplit(() -> MultiLineEncoder.top(3), "A: b\nC: d"))
                .isEqualTo("A: b\r\nC: d\r\n.\r\n");
    }
}
