package org.colombier.server.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class ResponseBuilderTest {

    private static String text(Response r) throws IOException {
        return new String(r.toByteArray(), StandardCharsets.UTF_8);
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("abc", false, "\"abc\""),
                Arguments.of("", false, "\"\""),
                Arguments.of("a \"b\" \\c", false, "\"a \\\"b\\\" \\\\c\""),
                Arguments.of("two\r\nlines", false, "{10}\r\ntwo\r\nlines"),
                Arguments.of("lf\nonly", false, "{7}\r\nlf\nonly"),
                Arguments.of("nul\0", false, "{4}\r\nnul\0"),
                Arguments.of("caf\u00e9", false, "{5}\r\ncaf\u00e9"),
                Arguments.of("caf\u00e9", true, "\"caf\u00e9\""),
                Arguments.of("x\r\n\u00e9", true, "{5}\r\nx\r\n\u00e9"));
    }

    @ParameterizedTest
    @MethodSource("strings")
    void choosesQuotedOrLiteralByContent(String value, boolean utf8, String expected) throws IOException {
        assertThat(text(ResponseBuilder.untagged().utf8(utf8).string(value).build())).isEqualTo("* " + expected + "\r\n");
    }

    static Stream<Arguments> astrings() {
        return Stream.of(
                Arguments.of("INBOX", "INBOX"),
                Arguments.of("[Gmail]/Sent", "[Gmail]/Sent"),
                Arguments.of("a b", "\"a b\""),
                Arguments.of("", "\"\""),
                Arguments.of("NIL", "\"NIL\""),
                Arguments.of("50%", "\"50%\""),
                Arguments.of("a(b", "\"a(b\""),
                Arguments.of("{5}", "\"{5}\""));
    }

    @ParameterizedTest
    @MethodSource("astrings")
    void writesAstringsAsAtomsOnlyWhenUnambiguous(String value, String expected) throws IOException {
        assertThat(text(ResponseBuilder.untagged().astring(value).build())).isEqualTo("* " + expected + "\r\n");
    }

    @Test
    void encodesMailboxNamesInModifiedUtf7UnlessUtf8IsEnabled() throws IOException {
        String name = "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e";
        assertThat(text(ResponseBuilder.untagged().atom("LIST").openList().atom("\\HasNoChildren").closeList()
                .string("/").mailbox(name).build()))
                .isEqualTo("* LIST (\\HasNoChildren) \"/\" ~peter/mail/&U,BTFw-/&ZeVnLIqe-\r\n");
        assertThat(text(ResponseBuilder.untagged().utf8(true).mailbox("Entw\u00fcrfe").build()))
                .isEqualTo("* \"Entw\u00fcrfe\"\r\n");
    }

    @Test
    void spacesListItemsAndNestsLists() throws IOException {
        Response r = ResponseBuilder.untagged().number(12).atom("FETCH").openList()
                .atom("FLAGS").openList().closeList()
                .atom("UID").number(7)
                .atom("ENVELOPE").openList().nil().nstring(null).nstring("s").openList().openList().nil().closeList()
                .closeList().closeList().closeList().build();
        assertThat(text(r)).isEqualTo("* 12 FETCH (FLAGS () UID 7 ENVELOPE (NIL NIL \"s\" ((NIL))))\r\n");
    }

    @Test
    void writesStatusResponsesWithCodes() throws IOException {
        assertThat(text(ResponseBuilder.status("A1", "OK", ResponseCode.readWrite(), "SELECT completed")))
                .isEqualTo("A1 OK [READ-WRITE] SELECT completed\r\n");
        assertThat(text(ResponseBuilder.status(null, "OK", ResponseCode.uidValidity(3857529045L), "UIDs valid")))
                .isEqualTo("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n");
        assertThat(text(ResponseBuilder.status("A2", "NO", ResponseCode.tryCreate(), "No such mailbox")))
                .isEqualTo("A2 NO [TRYCREATE] No such mailbox\r\n");
        assertThat(text(ResponseBuilder.status("A3", "BAD", null, "bad\r\nthing")))
                .isEqualTo("A3 BAD bad  thing\r\n");
        assertThat(text(ResponseBuilder.status("A4", "NO", null, "charset \u00e9\0x")))
                .isEqualTo("A4 NO charset ??x\r\n");
        assertThat(text(ResponseBuilder.status(null, "OK",
                ResponseCode.capability(List.of("IMAP4rev1", "LITERAL+")), "ready")))
                .isEqualTo("* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n");
        assertThat(text(ResponseBuilder.continuation("Ready for literal data")))
                .isEqualTo("+ Ready for literal data\r\n");
    }

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of(ResponseCode.tooBig(), "[TOOBIG]"),
                Arguments.of(ResponseCode.badCharset(List.of("UTF-8", "US-ASCII")), "[BADCHARSET (UTF-8 US-ASCII)]"),
                Arguments.of(ResponseCode.permanentFlags(List.of("\\Seen", "\\*")), "[PERMANENTFLAGS (\\Seen \\*)]"),
                Arguments.of(ResponseCode.appendUid(38505, "3955"), "[APPENDUID 38505 3955]"),
                Arguments.of(ResponseCode.copyUid(38505, "304,319:320", "3956:3958"), "[COPYUID 38505 304,319:320 3956:3958]"),
                Arguments.of(ResponseCode.highestModSeq(715194045007L), "[HIGHESTMODSEQ 715194045007]"),
                Arguments.of(ResponseCode.uidNext(4392), "[UIDNEXT 4392]"),
                Arguments.of(ResponseCode.unseen(12), "[UNSEEN 12]"),
                Arguments.of(ResponseCode.readOnly(), "[READ-ONLY]"),
                Arguments.of(ResponseCode.alert(), "[ALERT]"),
                Arguments.of(ResponseCode.nonExistent(), "[NONEXISTENT]"),
                Arguments.of(ResponseCode.modified("7,9"), "[MODIFIED 7,9]"));
    }

    @ParameterizedTest
    @MethodSource("codes")
    void writesResponseCodes(ResponseCode code, String expected) {
        assertThat(code.toString()).isEqualTo(expected);
    }

    @Test
    void streamsLiteralsInChunksOpeningTheSourceOnlyWhenReached() throws IOException {
        byte[] message = new byte[100_000];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) ('a' + i % 26);
        }
        AtomicInteger opened = new AtomicInteger();
        Response r = ResponseBuilder.untagged().number(1).atom("FETCH").openList().atom("BODY[]")
                .literal(message.length, () -> {
                    opened.incrementAndGet();
                    return new ByteArrayInputStream(message);
                }, false).closeList().build();
        String head = "* 1 FETCH (BODY[] {100000}\r\n";
        assertThat(r.length()).isEqualTo(head.length() + message.length + 3);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int chunks = 0;
        for (ByteBuffer b = r.nextChunk(4096); b != null; b = r.nextChunk(4096)) {
            assertThat(b.remaining()).isLessThanOrEqualTo(4096);
            if (chunks == 0) {
                assertThat(opened).hasValue(1);
            }
            all.write(b.array(), b.position(), b.remaining());
            chunks++;
        }
        assertThat(r.isDone()).isTrue();
        assertThat(chunks).isEqualTo((int) ((r.length() + 4095) / 4096));
        assertThat(opened).hasValue(1);
        byte[] out = all.toByteArray();
        assertThat(new String(out, 0, head.length(), StandardCharsets.US_ASCII)).isEqualTo(head);
        byte[] body = new byte[message.length];
        System.arraycopy(out, head.length(), body, 0, body.length);
        assertThat(body).isEqualTo(message);
        assertThat(new String(out, out.length - 3, 3, StandardCharsets.US_ASCII)).isEqualTo(")\r\n");
    }

    @Test
    void doesNotOpenALiteralSourceBeforeItsTurn() throws IOException {
        AtomicInteger opened = new AtomicInteger();
        Response r = ResponseBuilder.untagged().atom("X".repeat(100)).literal(3, () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(new byte[] {1, 2, 3});
        }, true).build();
        r.nextChunk(50);
        assertThat(opened).hasValue(0);
        assertThat(text(r)).isEqualTo("X".repeat(52) + " ~{3}\r\n\1\2\3\r\n");
        assertThat(opened).hasValue(1);
    }

    @Test
    void failsWhenALiteralSourceIsShorterThanAnnounced() throws IOException {
        AtomicInteger closed = new AtomicInteger();
        Response r = ResponseBuilder.untagged().literal(10, () -> new ByteArrayInputStream(new byte[4]) {
            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }, false).build();
        assertThatThrownBy(r::toByteArray).isInstanceOf(IOException.class).hasMessageContaining("6 bytes early");
        assertThat(closed).hasValue(1);
    }

    @Test
    void closingAnAbandonedResponseClosesItsSource() throws IOException {
        AtomicInteger closed = new AtomicInteger();
        Response r = ResponseBuilder.untagged().literal(10_000, () -> new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }, false).build();
        r.nextChunk(100);
        r.close();
        assertThat(closed).hasValue(1);
    }

    @Test
    void streamsAPartialRangeOfASource() throws IOException {
        byte[] message = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        Response.Source whole = () -> new ByteArrayInputStream(message);
        Response r = ResponseBuilder.untagged().atom("BODY[]<5>").literal(10, whole.slice(5, 10), false).build();
        assertThat(text(r)).isEqualTo("* BODY[]<5> {10}\r\n56789abcde\r\n");
        try (InputStream in = whole.slice(18, 10).open()) {
            assertThat(in.readAllBytes()).isEqualTo("ij".getBytes(StandardCharsets.US_ASCII));
        }
        try (InputStream in = whole.slice(0, 3).open()) {
            assertThat(in.read()).isEqualTo('0');
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(2);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void refusesUnbalancedLists() {
        assertThatThrownBy(() -> ResponseBuilder.untagged().openList().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ResponseBuilder.untagged().closeList()).isInstanceOf(IllegalStateException.class);
    }
}
