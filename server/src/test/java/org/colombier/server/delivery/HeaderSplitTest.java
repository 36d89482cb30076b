package org.colombier.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.MessageSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a message's header ends, and a header replaced in front of the unchanged body. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HeaderSplitTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CRLF lines           | A: 1\\r\\nB: 2\\r\\n\\r\\nbody\\r\\n | A: 1\\r\\nB: 2\\r\\n\\r\\n",
            "bare LF lines        | A: 1\\nB: 2\\n\\nbody\\n           | A: 1\\nB: 2\\n\\n",
            "folded field         | A: 1\\r\\n 2\\r\\n\\r\\nbody         | A: 1\\r\\n 2\\r\\n\\r\\n",
            "no body              | A: 1\\r\\n                         | A: 1\\r\\n",
            "empty header         | \\r\\nbody                          | \\r\\n",
            "CR inside a line     | A: x\\ry\\r\\n\\r\\nbody            | A: x\\ry\\r\\n\\r\\n",
    })
    void theHeaderEndsAtTheFirstEmptyLine(String name, String message, String header) throws Exception {
        HeaderSplit split = HeaderSplit.of(source(unescape(message.strip())), 1 << 20);
        assertThat(new String(split.header(), StandardCharsets.UTF_8)).isEqualTo(unescape(header.strip()));
        assertThat(split.bodyOffset()).isEqualTo(split.header().length);
    }

    @ParameterizedTest(name = "limit {0}")
    @CsvSource({"1", "5", "9"})
    void aHeaderLongerThanTheLimitIsCutThere(int limit) throws Exception {
        HeaderSplit split = HeaderSplit.of(source("Subject: long\r\n\r\nbody"), limit);
        assertThat(split.header()).hasSize(limit);
        assertThat(split.bodyOffset()).isEqualTo(limit);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"X-New: 1\\r\\n\\r\\n", "\\r\\n"})
    void replacingTheHeaderKeepsTheBodyByteForByte(String newHeader) throws Exception {
        MessageSource original = source("Subject: old\r\nTo: a@b\r\n\r\nline 1\r\n\r\nline 3\r\n");
        String header = unescape(newHeader);
        MessageSource replaced = HeaderSplit.of(original, 1 << 20).replaceHeader(original, header.getBytes(StandardCharsets.UTF_8));
        String bytes;
        try (var in = replaced.open()) {
            bytes = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(bytes).isEqualTo(header + "line 1\r\n\r\nline 3\r\n");
        assertThat(replaced.size()).isEqualTo(bytes.length());
    }

    private static MessageSource source(String text) {
        return MessageSource.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
