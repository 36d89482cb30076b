package org.colombier.server.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chunked scan finds exactly what a search of the whole folded text finds, wherever chunks
 * end, as long as chunks are longer than words (case mapping may depend on a word's letters: a
 * final sigma); words longer than a chunk are cut anywhere, which only such mappings notice.
 */
@Timeout(30)
class TextScanTest {
    private static final List<String> TEXTS = List.of(
            "The quick brown fox jumps over the lazy dog",
            "no-whitespace-at-all-XYZZY-in-a-long-run-of-characters",
            "Grüße aus Köln, ΟΔΥΣΣΕΥΣ und 😀 emoji 😀😀 end",
            "",
            "  leading and trailing  ",
            "line one\r\nline two\r\n\r\nXyZzY\r\n");
    private static final List<String> NEEDLES = List.of("xyzzy", "quick brown", "dog", "the", "köln", "οδυσσευς",
            "😀 end", "😀😀", "two\r\n\r\nx", "absent", "e", " ");

    @Test
    void everyChunkSizeAgreesWithAWholeStringSearch() throws IOException {
        for (String text : TEXTS) {
            for (String needle : NEEDLES) {
                boolean expected = MessageMatcher.fold(text).contains(MessageMatcher.fold(needle));
                int longestWord = 0;
                for (String w : text.split("\\s")) {
                    longestWord = Math.max(longestWord, w.length());
                }
                for (int chunk = Math.max(2, longestWord + 1); chunk <= text.length() + 2; chunk++) {
                    assertThat(TextScan.contains(new StringReader(text), MessageMatcher.fold(needle), chunk))
                            .as("%s in %s, chunks of %d", needle, text, chunk).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aRunWithoutWhitespaceIsCutAnywhereWithoutLosingAMatch() throws IOException {
        String text = "a".repeat(50) + "XYZZY" + "b".repeat(50) + "😀";
        for (int chunk = 2; chunk <= text.length() + 2; chunk++) {
            assertThat(TextScan.contains(new StringReader(text), "axyzzyb", chunk)).isTrue();
            assertThat(TextScan.contains(new StringReader(text), "b😀", chunk)).isTrue();
            assertThat(TextScan.contains(new StringReader(text), "xyzzyc", chunk)).isFalse();
        }
    }

    @Test
    void anEmptyNeedleMatchesAnyText() throws IOException {
        assertThat(TextScan.contains(new StringReader(""), "")).isTrue();
    }
}
