package org.colombier.server.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random command-like input, fed whole and in random chunks: the decoder never throws, always
 * consumes its input, gives the same events however the input is split, and leaves no spool file.
 */
@Timeout(60)
class RequestDecoderFuzzTest {
    private static final String[] TAGS = {"A1", "b.2", "*", "+x", "", "(", "t\0"};
    private static final String[] COMMANDS = {"NOOP", "APPEND", "FETCH", "LOGIN", "\"X\"", "", "UID"};
    private static final String[] ARGS = {
        "x", "NIL", "1:*", "\"q s\"", "\"\\\"\"", "(", ")", "(a b)", "{3}\r\nabc", "{2+}\r\nxy", "~{1}\r\n\0",
        "{40+}\r\n" + "z".repeat(40), "{50}", "{5000+}", "{9999999999}", "BODY[HEADER.FIELDS (A)]<0.5>", "BODY[",
        "\u00ff", "\0", "\t", "{", "}", "%", "&", "", "\"open", "x".repeat(120),
    };
    private static final String[] ENDS = {"\r\n", "\r\n", "\r\n", "\n", "\r\n\r\n", ""};

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }

    @TempDir
    Path spool;

    @Test
    void randomInputSplitAnywhereDecodesTheSameAndLeaksNothing() throws IOException {
        ImapLimits limits = new ImapLimits(96, 64, 32, 8, 4, 200, spool);
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            int commands = 1 + random.nextInt(12);
            for (int i = 0; i < commands; i++) {
                StringBuilder line = new StringBuilder(pick(random, TAGS)).append(' ').append(pick(random, COMMANDS));
                int args = random.nextInt(5);
                for (int k = 0; k < args; k++) {
                    line.append(random.nextInt(10) == 0 ? "" : " ").append(pick(random, ARGS));
                }
                input.writeBytes(line.append(pick(random, ENDS)).toString().getBytes(StandardCharsets.UTF_8));
            }
            byte[] all = input.toByteArray();
            RequestDecoder whole = new RequestDecoder(limits);
            List<String> expected = Decoding.run(whole, all);
            whole.close();
            for (String e : expected) {
                kinds.add(e.startsWith("+ ") ? "continuation" : e.startsWith("FATAL") ? "fatal"
                        : e.contains(" BAD ") ? "bad" : e.contains(" NO ") ? "no" : "request");
            }
            for (int round = 0; round < 5; round++) {
                List<byte[]> chunks = new ArrayList<>();
                int pos = 0;
                while (pos < all.length) {
                    int n = Math.min(all.length - pos, 1 + random.nextInt(12));
                    byte[] c = new byte[n];
                    System.arraycopy(all, pos, c, 0, n);
                    chunks.add(c);
                    pos += n;
                }
                RequestDecoder split = new RequestDecoder(limits);
                assertThat(Decoding.run(split, chunks.toArray(new byte[0][]))).as("seed %d", seed).isEqualTo(expected);
                split.close();
            }
            try (Stream<Path> files = Files.list(spool)) {
                assertThat(files).as("seed %d", seed).isEmpty();
            }
        }
        assertThat(kinds).containsExactly("bad", "continuation", "fatal", "no", "request");
    }
}
