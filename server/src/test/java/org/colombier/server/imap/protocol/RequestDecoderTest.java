package org.colombier.server.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colombier.server.imap.protocol.Decoding.bytes;
import static org.colombier.server.imap.protocol.Decoding.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class RequestDecoderTest {
    @TempDir
    Path spool;

    private ImapLimits small() {
        return new ImapLimits(128, 1024, 16, 8, 8, 1000, spool);
    }

    private List<String> decode(String input) {
        return run(new RequestDecoder(small()), bytes(input));
    }

    static Stream<Arguments> tokenKinds() {
        return Stream.of(
                Arguments.of("atom", "atom", false),
                Arguments.of("\"quoted \\\"esc\\\" \\\\ x\"", "\"quoted \\\"esc\\\" \\\\ x\"", false),
                Arguments.of("\"\"", "\"\"", false),
                Arguments.of("{3}\r\nabc", "{3}<abc>", true),
                Arguments.of("{3+}\r\nabc", "{3}<abc>", false),
                Arguments.of("~{3}\r\na\0c", "~{3}<a\0c>", true),
                Arguments.of("{0}\r\n", "{0}<>", true),
                Arguments.of("(a (b c) NIL)", "(a (b c) NIL)", false),
                Arguments.of("()", "()", false),
                Arguments.of("NIL 42 4294967295", "NIL 42 4294967295", false),
                Arguments.of("1:3,5,7:* $", "1:3,5,7:* $", false),
                Arguments.of("(\\Seen \\Flagged $Forwarded)", "(\\Seen \\Flagged $Forwarded)", false),
                Arguments.of("BODY[HEADER.FIELDS (From To)]<0.512>", "BODY[HEADER.FIELDS (From To)]<0.512>", false),
                Arguments.of("(UID BODY.PEEK[] BINARY[1.2]<0.10> BINARY.SIZE[1])",
                        "(UID BODY.PEEK[] BINARY[1.2]<0.10> BINARY.SIZE[1])", false),
                Arguments.of("[Gmail]/Sent ~peter/mail %/*", "[Gmail]/Sent ~peter/mail %/*", false),
                Arguments.of("(a {2}\r\nxy b)", "(a {2}<xy> b)", true),
                Arguments.of("a ", "a", false));
    }

    @ParameterizedTest
    @MethodSource("tokenKinds")
    void tokenizesEveryTokenKind(String args, String expected, boolean continuation) {
        List<String> out = decode("T1 X " + args + "\r\n");
        if (continuation) {
            assertThat(out).containsExactly("+ T1", "T1 X " + expected);
        } else {
            assertThat(out).containsExactly("T1 X " + expected);
        }
    }

    @Test
    void atomsKnowNil() {
        assertThat(new Token.Atom("nil").isNil()).isTrue();
        assertThat(new Token.Atom("NILS").isNil()).isFalse();
    }

    @Test
    void commandNamesAreUpperCasedAndTagsKept() {
        assertThat(decode("a.1 uid fetch 1 FLAGS\r\n")).containsExactly("a.1 UID fetch 1 FLAGS");
    }

    @Test
    void synchronizingLiteralAsksForContinuationNonSynchronizingDoesNot() {
        assertThat(decode("A1 LOGIN {5}\r\nalice {3+}\r\npwd\r\n"))
                .containsExactly("+ A1", "A1 LOGIN {5}<alice> {3}<pwd>");
    }

    static Stream<String> samples() {
        return Stream.of(
                "a1 LOGIN {5}\r\nalice \"pa\\\"ss\"\r\n",
                "A2 APPEND INBOX (\\Seen) \"17-Jul-1996 02:44:25 -0700\" {12+}\r\nHello World!\r\n",
                "A3 FETCH 1:*,$ (FLAGS BODY.PEEK[HEADER.FIELDS (From To)]<0.100>)\r\nA4 NOOP\r\n",
                "A5 SEARCH OR (FROM \"x y\") NOT SEEN {3}\r\nabc UID 1:5\r\n",
                "A6 APPEND INBOX ~{4}\r\n\0\1\2\3\r\n",
                "A7 NOOP ((\r\nA8 NOOP\r\n",
                "A9 FOO \"bad\\q\"\r\nB1 NOOP\r\n",
                "C1 " + "x".repeat(200) + "\r\nC2 NOOP\r\n",
                "D1 APPEND INBOX {20+}\r\n" + "y".repeat(20) + " {2+}\r\nxy\r\nD2 NOOP\r\n",
                "D3 APPEND INBOX {20}\r\nD4 NOOP\r\n",
                "\r\nE1 CAPABILITY\r\nE2 NOOP\n",
                "F1 LOGIN {3}\r\nabc {0}\r\n\r\n",
                "G1 X {12}\r\n" + "z".repeat(12) + " {2}\r\nok\r\n");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void givesTheSameResultWhereverTheInputIsSplit(String sample) {
        byte[] input = bytes(sample);
        List<String> whole = run(new RequestDecoder(small()), input);
        assertThat(whole).isNotEmpty();
        for (int at = 0; at <= input.length; at++) {
            assertThat(Decoding.split(small(), input, at)).as("split at %d", at).isEqualTo(whole);
        }
        byte[][] singles = new byte[input.length][];
        for (int i = 0; i < input.length; i++) {
            singles[i] = new byte[] {input[i]};
        }
        assertThat(run(new RequestDecoder(small()), singles)).isEqualTo(whole);
    }

    @Test
    void samplesDecodeAsExpected() {
        assertThat(decode("A7 NOOP ((\r\nA8 NOOP\r\n"))
                .containsExactly("A7 BAD Unbalanced parentheses: missing ')'", "A8 NOOP");
        assertThat(decode("A9 FOO \"bad\\q\"\r\nB1 NOOP\r\n")).containsExactly(
                "A9 BAD Invalid escape in quoted string: only \\\" and \\\\ are allowed", "B1 NOOP");
        assertThat(decode("C1 " + "x".repeat(200) + "\r\nC2 NOOP\r\n"))
                .containsExactly("C1 BAD Command line too long (limit 128 bytes)", "C2 NOOP");
        assertThat(decode("D1 APPEND INBOX {20+}\r\n" + "y".repeat(20) + " {2+}\r\nxy\r\nD2 NOOP\r\n"))
                .containsExactly("D1 NO [TOOBIG] Message too large (limit 16 bytes)", "D2 NOOP");
        assertThat(decode("D3 APPEND INBOX {20}\r\nD4 NOOP\r\n"))
                .containsExactly("D3 NO [TOOBIG] Message too large (limit 16 bytes)", "D4 NOOP");
        assertThat(decode("\r\nE1 CAPABILITY\r\nE2 NOOP\n")).containsExactly("E1 CAPABILITY", "E2 NOOP");
    }

    @Test
    void refusesATenGigabyteAppendBeforeReadingIt() throws IOException {
        RequestDecoder d = new RequestDecoder(ImapLimits.defaults().withSpoolDir(spool));
        ByteBuffer in = ByteBuffer.wrap(bytes("A1 APPEND INBOX {10737418240}\r\nA2 NOOP\r\n"));
        DecoderEvent first = d.next(in);
        assertThat(Decoding.render(first)).isEqualTo("A1 NO [TOOBIG] Message too large (limit 52428800 bytes)");
        assertThat(Decoding.render(d.next(in))).isEqualTo("A2 NOOP");
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void refusesAHugeLiteralInOtherCommandsWithBad() {
        assertThat(run(new RequestDecoder(ImapLimits.defaults()), bytes("A1 LOGIN {10737418240}\r\nA2 NOOP\r\n")))
                .containsExactly("A1 BAD Literal too large (limit 65536 bytes)", "A2 NOOP");
        assertThat(run(new RequestDecoder(ImapLimits.defaults()),
                bytes("A1 LOGIN {99999999999999999999999999}\r\n"))).containsExactly(
                "A1 BAD Literal too large (limit 65536 bytes)");
    }

    @Test
    void literalsOfOneCommandShareTheNonAppendBudget() {
        assertThat(run(new RequestDecoder(small()), bytes("A1 X {600}\r\n" + "a".repeat(600) + " {600}\r\n")))
                .containsExactly("+ A1", "A1 BAD Literal too large (limit 1024 bytes)");
    }

    @Test
    void closesTheConnectionOnAHugeNonSynchronizingLiteral() {
        RequestDecoder d = new RequestDecoder(ImapLimits.defaults());
        assertThat(run(d, bytes("A1 APPEND INBOX {10737418240+}\r\nxxxxxxxx"), bytes("A2 NOOP\r\n")))
                .containsExactly("FATAL Non-synchronizing literal too large (10737418240 bytes)");
    }

    @Test
    void spoolsLargeLiteralsToATemporaryFileDeletedOnClose() throws IOException {
        RequestDecoder d = new RequestDecoder(small().withMaxAppendSize(100_000));
        String body = "m".repeat(50_000);
        ByteBuffer in = ByteBuffer.wrap(bytes("A1 APPEND INBOX {50000+}\r\n" + body + "\r\n"));
        DecoderEvent e = d.next(in);
        Request r = ((DecoderEvent.Received) e).request();
        Literal lit = ((Token.LiteralToken) r.args().get(1)).literal();
        assertThat(lit.spooled()).isTrue();
        assertThat(lit.size()).isEqualTo(50_000);
        try (InputStream s = lit.open()) {
            assertThat(new String(s.readAllBytes())).isEqualTo(body);
        }
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files).hasSize(1);
        }
        r.close();
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void keepsSmallLiteralsInMemory() {
        RequestDecoder d = new RequestDecoder(small());
        DecoderEvent e = d.next(ByteBuffer.wrap(bytes("A1 APPEND INBOX {4+}\r\nabcd\r\n")));
        try (Request r = ((DecoderEvent.Received) e).request()) {
            assertThat(((Token.LiteralToken) r.args().get(1)).literal().spooled()).isFalse();
        }
    }

    @Test
    void closingMidLiteralDeletesThePartialSpool() throws IOException {
        RequestDecoder d = new RequestDecoder(small());
        run(d, bytes("A1 APPEND INBOX {16+}\r\nonly some"));
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files).hasSize(1);
        }
        d.close();
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("A1 NOOP )\r\n", "A1 BAD Unbalanced parentheses: unexpected ')'"),
                Arguments.of("A1 NOOP (((((((((((((x)))))))))))))\r\n", "A1 BAD Lists nested too deeply (limit 8)"),
                Arguments.of("A1 NO\0OP\r\n", "A1 BAD Control character in command"),
                Arguments.of("A1 LOGIN \u00e9t\u00e9 x\r\n", "A1 BAD 8-bit data in atom: use a quoted string or a literal"),
                Arguments.of("A1 LOGIN \"\u00e9t\u00e9\" x\r\n", "A1 BAD 8-bit data in quoted string: use a literal"),
                Arguments.of("A1 LOGIN \"abc\r\n", "A1 BAD Unterminated quoted string"),
                Arguments.of("A1  NOOP\r\n", "A1 BAD Unexpected space"),
                Arguments.of(" A1 NOOP\r\n", "* BAD Missing tag"),
                Arguments.of("A+1 NOOP\r\n", "* BAD Invalid tag"),
                Arguments.of("(A1) NOOP\r\n", "* BAD Missing tag"),
                Arguments.of("A1\r\n", "A1 BAD Missing command"),
                Arguments.of("A1 \"NOOP\"\r\n", "A1 BAD Missing command"),
                Arguments.of("A1 LOGIN a\"b c\r\n", "A1 BAD Invalid character '\"' in atom"),
                Arguments.of("A1 LOGIN \"a\"b\r\n", "A1 BAD Missing space between arguments"),
                Arguments.of("A1 LOGIN x{3}\r\n", "A1 BAD Missing space before literal"),
                Arguments.of("A1 LOGIN {3} x\r\n", "A1 BAD Invalid literal: {n} must end the line"),
                Arguments.of("A1 FETCH 1 BODY[HEADER\r\n", "A1 BAD Unterminated section: missing ']'"));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void answersHostileInputWithBadAndResynchronizes(String input, String expected) {
        assertThat(decode(input + "Z9 NOOP\r\n")).containsExactly(expected, "Z9 NOOP");
    }

    @Test
    void rejectsGarbageBytesWithoutCrashing() {
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n' || garbage[i] == '{' || garbage[i] == '}') {
                garbage[i] = 'x';
            }
        }
        List<String> out = run(new RequestDecoder(ImapLimits.defaults()), garbage, bytes("\r\nZ9 NOOP\r\n"));
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).contains("BAD");
        assertThat(out.get(1)).isEqualTo("Z9 NOOP");
    }

    @Test
    void acceptsUtf8QuotedStringsOnceEnabled() {
        RequestDecoder d = new RequestDecoder(small());
        d.setUtf8(true);
        assertThat(run(d, bytes("A1 SELECT \"\u00e9t\u00e9\"\r\n"))).containsExactly("A1 SELECT \"\u00e9t\u00e9\"");
        assertThat(run(d, new byte[] {'A', '2', ' ', 'X', ' ', '"', (byte) 0xc3, '"', '\r', '\n'}))
                .containsExactly("A2 BAD Invalid UTF-8 in quoted string");
    }

    @Test
    void decodesTenThousandPipelinedCommandsInOrder() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append('t').append(i).append(" UID FETCH ").append(i + 1).append(" (FLAGS)\r\n");
        }
        List<String> out = run(new RequestDecoder(ImapLimits.defaults()), bytes(sb.toString()));
        assertThat(out).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(out.get(i)).isEqualTo("t" + i + " UID FETCH " + (i + 1) + " (FLAGS)");
        }
    }

    @Test
    void discardsAnOverlongLineWithoutBufferingIt() {
        RequestDecoder d = new RequestDecoder(ImapLimits.defaults());
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(bytes("A1 SEARCH TEXT "));
        byte[] block = bytes("x".repeat(64 * 1024));
        for (int i = 0; i < 160; i++) {
            chunks.add(block);
        }
        chunks.add(bytes("\r\nA2 NOOP\r\n"));
        assertThat(run(d, chunks.toArray(new byte[0][])))
                .containsExactly("A1 BAD Command line too long (limit 65536 bytes)", "A2 NOOP");
    }

    @Test
    void closesTheConnectionWhenAJunkLineNeverEnds() {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            chunks.add(bytes("x".repeat(100)));
        }
        chunks.add(bytes("\r\nA2 NOOP\r\n"));
        assertThat(run(new RequestDecoder(small()), chunks.toArray(new byte[0][])))
                .containsExactly("* BAD Command line too long (limit 128 bytes)", "FATAL Line too long");
    }

    @Test
    void readsRawLinesWhenAskedForIdleDoneAndSasl() {
        RequestDecoder d = new RequestDecoder(small());
        ByteBuffer in = ByteBuffer.wrap(bytes("A1 IDLE\r\nDONE\r\nA2 NOOP\r\n"));
        assertThat(Decoding.render(d.next(in))).isEqualTo("A1 IDLE");
        assertThat(d.isBetweenCommands()).isTrue();
        d.expectLine();
        DecoderEvent done = d.next(in);
        assertThat(Decoding.render(done)).isEqualTo("LINE DONE");
        assertThat(((DecoderEvent.Line) done).isIdleDone()).isTrue();
        assertThat(Decoding.render(d.next(in))).isEqualTo("A2 NOOP");
        assertThat(d.next(in)).isNull();
        in = ByteBuffer.wrap(bytes("A3 AUTHENTICATE PLAIN\r\n\r\n*\r\n"));
        assertThat(Decoding.render(d.next(in))).isEqualTo("A3 AUTHENTICATE PLAIN");
        d.expectLine();
        assertThat(((DecoderEvent.Line) d.next(in)).bytes()).isEmpty();
        d.expectLine();
        assertThat(((DecoderEvent.Line) d.next(in)).isSaslCancel()).isTrue();
    }

    @Test
    void stopsAtTheEndOfEachCommandLeavingPipelinedBytesUnread() {
        RequestDecoder d = new RequestDecoder(small());
        ByteBuffer in = ByteBuffer.wrap(bytes("A1 STARTTLS\r\nA2 LOGIN injected x\r\n"));
        assertThat(Decoding.render(d.next(in))).isEqualTo("A1 STARTTLS");
        assertThat(in.remaining()).isEqualTo("A2 LOGIN injected x\r\n".length());
        d.next(ByteBuffer.wrap(bytes("A3 LOG")));
        assertThat(d.isBetweenCommands()).isFalse();
        d.reset();
        assertThat(run(d, bytes("A4 NOOP\r\n"))).containsExactly("A4 NOOP");
    }

    @Test
    void closesTheConnectionOnAnOverlongRawLine() {
        RequestDecoder d = new RequestDecoder(small());
        d.expectLine();
        assertThat(run(d, bytes("y".repeat(300) + "\r\nA1 NOOP\r\n"))).containsExactly("FATAL Line too long");
    }
}
