package org.colombier.server.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The LMTP input state machine, fed whole and split at every byte (Netty-codec style). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LmtpInputTest {
    /** Records events as text; switches to DATA after a {@code DATA} line and to a chunk after {@code BDAT n}. */
    private static class Recorder implements LmtpInput.Handler {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        LmtpInput input;

        @Override
        public void line(byte[] line) {
            String text = new String(line, StandardCharsets.UTF_8);
            events.add("line:" + text);
            if (text.equals("DATA")) {
                input.startData();
            } else if (text.startsWith("BDAT ")) {
                long size = Long.parseLong(text.split(" ")[1]);
                input.startChunk(size, true);
                if (size == 0) {
                    bodyEnd();
                }
            }
        }

        @Override
        public void lineTooLong() {
            events.add("too long");
        }

        @Override
        public void body(byte[] bytes, int offset, int length) {
            body.write(bytes, offset, length);
        }

        @Override
        public void bodyEnd() {
            events.add("body:" + body.toString(StandardCharsets.UTF_8));
            body.reset();
        }
    }

    private static List<String> feedWhole(int maxLine, String input) {
        Recorder recorder = new Recorder();
        recorder.input = new LmtpInput(maxLine);
        recorder.input.feed(input.getBytes(StandardCharsets.UTF_8), recorder);
        return recorder.events;
    }

    /** Feeding in two pieces, split at every position, gives the same events as feeding whole. */
    private static void assertSplitInvariant(int maxLine, String input, List<String> expected) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            Recorder recorder = new Recorder();
            recorder.input = new LmtpInput(maxLine);
            recorder.input.feed(Arrays.copyOfRange(bytes, 0, split), recorder);
            recorder.input.feed(Arrays.copyOfRange(bytes, split, bytes.length), recorder);
            assertThat(recorder.events).as("split at %d", split).isEqualTo(expected);
        }
        Recorder bytewise = new Recorder();
        bytewise.input = new LmtpInput(maxLine);
        for (byte b : bytes) {
            bytewise.input.feed(new byte[] {b}, bytewise);
        }
        assertThat(bytewise.events).as("byte by byte").isEqualTo(expected);
    }

    @Test
    void dataIsDotUnstuffedAndBareLfBecomesCrlf() {
        String input = "MAIL FROM:<>\r\nDATA\r\nSubject: x\r\n\r\n..one\nbare lf\r\n.\r\n.x\nNOOP\n";
        List<String> expected = List.of("line:MAIL FROM:<>", "line:DATA",
                "body:Subject: x\r\n\r\n.one\r\nbare lf\r\n", "line:.x", "line:NOOP");
        assertThat(feedWhole(100, input)).isEqualTo(expected);
        assertSplitInvariant(100, input, expected);
    }

    @Test
    void aDotLineEndedByBareLfEndsTheBodyAndStuffedDotsMidLineStay() {
        String input = "DATA\r\na.b\r\n...\r\n.\nNOOP\r\n";
        List<String> expected = List.of("line:DATA", "body:a.b\r\n..\r\n", "line:NOOP");
        assertThat(feedWhole(100, input)).isEqualTo(expected);
        assertSplitInvariant(100, input, expected);
    }

    @Test
    void bdatChunksAreTakenByCountWithCrlfAcrossChunkBoundaries() {
        String input = "BDAT 3\r\nab\rBDAT 7\r\n\nc\nd.\r\nBDAT 0\r\nNOOP\r\n";
        List<String> expected = List.of("line:BDAT 3", "body:ab\r", "line:BDAT 7", "body:\nc\r\nd.\r\n",
                "line:BDAT 0", "body:", "line:NOOP");
        List<String> actual = feedWhole(100, input);
        assertThat(actual).isEqualTo(expected);
        assertSplitInvariant(100, input, expected);
    }

    @Test
    void aLongLineIsReportedOnceAndSkippedWithoutBuffering() {
        String input = "NOOP " + "x".repeat(50) + "\r\nRSET\r\n";
        List<String> expected = List.of("too long", "line:RSET");
        assertThat(feedWhole(20, input)).isEqualTo(expected);
        assertSplitInvariant(20, input, expected);
        // exactly the limit, CRLF not counted, is fine
        assertThat(feedWhole(4, "NOOP\r\n")).containsExactly("line:NOOP");
    }

    @Test
    void discardingDropsTheRestOfWhatWasFed() {
        Recorder recorder = new Recorder() {
            @Override
            public void line(byte[] line) {
                super.line(line);
                if (new String(line, StandardCharsets.US_ASCII).equals("STARTTLS")) {
                    input.discardPending();
                }
            }
        };
        recorder.input = new LmtpInput(100);
        recorder.input.feed("STARTTLS\r\nLHLO evil\r\n".getBytes(StandardCharsets.US_ASCII), recorder);
        recorder.input.feed("LHLO good\r\n".getBytes(StandardCharsets.US_ASCII), recorder);
        assertThat(recorder.events).containsExactly("line:STARTTLS", "line:LHLO good");
    }
}
