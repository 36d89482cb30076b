package org.colombier.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decoder gives the same lines however the input is split into reads. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LineDecoderTest {
    private static final int LIMIT = 8;

    /** Decodes {@code input} delivered in reads of {@code chunk} bytes; lines as text, "TOO LONG" for overflows. */
    private static List<String> decode(String input, int chunk) throws Exception {
        IoSession session = new DummySession();
        new Connection(session, "test", null, false);
        LineDecoder decoder = decoder(LIMIT);
        List<String> lines = new ArrayList<>();
        ProtocolDecoderOutput out = new ProtocolDecoderOutput() {
            @Override
            public void write(Object message) {
                if (message instanceof InputLine.Text text) {
                    lines.add((text.underTls() ? "tls:" : "") + text.text());
                } else {
                    lines.add("TOO LONG");
                }
            }

            @Override
            public void flush(NextFilter nextFilter, IoSession ioSession) {
                // lines are collected in write
            }
        };
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        for (int offset = 0; offset < bytes.length; offset += chunk) {
            int length = Math.min(chunk, bytes.length - offset);
            decoder.decode(session, IoBuffer.wrap(bytes, offset, length), out);
        }
        return lines;
    }

    /** DummySession claims a transport without fragmentation; a socket has it, so accumulate as on one. */
    private static LineDecoder decoder(int limit) {
        LineDecoder decoder = new LineDecoder(limit);
        decoder.setTransportMetadataFragmentation(false);
        return decoder;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'a\\r\\nb\\r\\n'          | a,b",
        "'bare\\nlf\\n'            | bare,lf",
        "'\\r\\nz\\n'            | ,z",
        "'12345678\\r\\nx\\r\\n'   | 12345678,x",
        "'123456789\\r\\nx\\r\\n'  | TOO LONG,x",
        "'1234567890123456789\\r\\nx\\n' | TOO LONG,x",
        "'short'                   | NONE",
        "'incomplete'              | TOO LONG",
    })
    void linesAreTheSameAtEverySplit(String escaped, String expected) throws Exception {
        String input = escaped.replace("\\r", "\r").replace("\\n", "\n");
        List<String> want = expected.equals("NONE") ? List.of() : List.of(expected.split(",", -1));
        for (int chunk = 1; chunk <= input.length(); chunk++) {
            assertThat(decode(input, chunk)).as("reads of %d bytes", chunk).isEqualTo(want);
        }
    }

    @Test
    void anOverlongLineIsReportedOnceAndNeverBuffered() throws Exception {
        String input = "x".repeat(10_000) + "\r\nok\r\n";
        assertThat(decode(input, 100)).containsExactly("TOO LONG", "ok");
    }

    @Test
    void plaintextLeftOverWhenTlsInputStartsIsDropped() throws Exception {
        IoSession session = new DummySession();
        Connection connection = new Connection(session, "test", null, false);
        LineDecoder decoder = decoder(64);
        List<InputLine> lines = new ArrayList<>();
        ProtocolDecoderOutput out = new ProtocolDecoderOutput() {
            @Override
            public void write(Object message) {
                lines.add((InputLine) message);
            }

            @Override
            public void flush(NextFilter nextFilter, IoSession ioSession) {
                // lines are collected in write
            }
        };
        decoder.decode(session, IoBuffer.wrap("a STARTTLS\r\nb CAPA".getBytes(StandardCharsets.US_ASCII)), out);
        connection.markTlsInput();
        decoder.decode(session, IoBuffer.wrap("c NOOP\r\n".getBytes(StandardCharsets.US_ASCII)), out);
        assertThat(lines).hasSize(2);
        assertThat(((InputLine.Text) lines.get(0)).text()).isEqualTo("a STARTTLS");
        assertThat(lines.get(0).underTls()).isFalse();
        assertThat(((InputLine.Text) lines.get(1)).text()).isEqualTo("c NOOP");
        assertThat(lines.get(1).underTls()).isTrue();
    }
}
