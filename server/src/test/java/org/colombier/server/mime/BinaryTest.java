package org.colombier.server.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.colombier.server.mime.Mail.crlf;

import java.util.List;
import java.util.stream.Stream;

import org.colombier.server.imap.protocol.command.FetchItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BINARY[part] and BINARY.SIZE (RFC 3516) as in imaptest's fetch-binary-mime* scripts. */
@Timeout(10)
class BinaryTest {

    static final byte[] BASE64 = crlf("""
            From: user@domain.org
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Mime-Version: 1.0
            Content-Type: multipart/mixed; boundary="foo
             bar"

            Root MIME prologue

            --foo bar
            Content-Type: text/x-myown; charset=us-ascii
            Content-Transfer-Encoding: base64


            aGVs
            bG8gd29y
            bGQ=

            --foo bar
            Content-Type: text/x-myown; charset=us-ascii
            Content-Transfer-Encoding: base64

              aGVs   \s
             bG8g \s
               d29y \t\s
                bGQ=\s


            --foo bar
            Content-Type: text/x-myown; charset=us-ascii
            Content-Transfer-Encoding: base64

            aGVsbG8g
            dG8geW91IHRv
            bw==

            --foo bar
            Content-Type: text/x-myown; charset=us-ascii
            Content-Transfer-Encoding: base64

            aGVsbG8gdG8gZXZlcnlvbmUh
            --foo bar
            Content-Type: text/x-myown; charset=us-ascii
            Content-Transfer-Encoding: base64

            YWJjZGVmZw1oaWprbA0KbW5vCnBxcnN0dXZxeHl6

            --foo bar--
            Root MIME epilogue
            """);

    static final byte[] QP = crlf("""
            From: user@domain.org
            Content-Type: multipart/mixed; boundary="foo
             bar"

            Root MIME prologue

            --foo bar
            Content-Type: text/x-myown; charset=us-ascii
            Content-Transfer-Encoding: quoted-printable

            hello \s
            bar=

            foo\t=
            bar
            foo\t \t=\s
            =62
            foo = \t
            bar
            foo =
            =62
            foo \s
            bar=

            foo_bar

            --foo bar--
            Root MIME epilogue
            """);

    static String binary(byte[] message, List<Integer> part, FetchItem.Partial partial) throws Exception {
        SectionContent c = Sections.binary(MessageStructure.parse(message), message, part, partial);
        return Mail.text(c.bytes(message));
    }

    static Stream<Arguments> base64() {
        return Stream.of(
                Arguments.of(1, null, "hello world"),
                Arguments.of(2, null, "hello world"),
                Arguments.of(3, null, "hello to you too"),
                Arguments.of(4, null, "hello to everyone!"),
                Arguments.of(5, null, "abcdefg\rhijkl\r\nmno\npqrstuvqxyz"),
                Arguments.of(5, new FetchItem.Partial(0, 7), "abcdefg"),
                Arguments.of(5, new FetchItem.Partial(0, 10), "abcdefg\rhi"),
                Arguments.of(5, new FetchItem.Partial(10, 10), "jkl\r\nmno\np"),
                Arguments.of(5, new FetchItem.Partial(5, 10), "fg\rhijkl\r\n"),
                Arguments.of(5, new FetchItem.Partial(15, 100), "mno\npqrstuvqxyz"));
    }

    @ParameterizedTest(name = "BINARY[{0}]{1}")
    @MethodSource
    void base64(int part, FetchItem.Partial partial, String expected) throws Exception {
        assertThat(binary(BASE64, List.of(part), partial)).isEqualTo(expected);
    }

    @Test
    void binarySizeIsTheDecodedSize() throws Exception {
        MessageStructure s = MessageStructure.parse(BASE64);
        assertThat(Sections.binary(s, BASE64, List.of(1), null).length()).isEqualTo(11);
        assertThat(Sections.binary(s, BASE64, List.of(3), null).length()).isEqualTo(16);
        assertThat(Sections.binary(s, BASE64, List.of(4), null).length()).isEqualTo(18);
        assertThat(Sections.binary(s, BASE64, List.of(5), null).length()).isEqualTo(30);
        assertThat(Sections.binary(MessageStructure.parse(QP), QP, List.of(1), null).length()).isEqualTo(65);
        assertThat(Sections.binary(MessageStructure.parse(SectionsTest.MIME), SectionsTest.MIME, List.of(), null)
                .length()).isEqualTo(SectionsTest.MIME.length);
        assertThat(Sections.binary(MessageStructure.parse(SectionsTest.MIME), SectionsTest.MIME, List.of(2, 1), null)
                .length()).isEqualTo(20);
    }

    static Stream<Arguments> quotedPrintable() {
        return Stream.of(
                Arguments.of(null, "hello\r\nbar\r\nfoo\tbar\r\nfoo\t \tb\r\nfoo bar\r\nfoo b\r\nfoo\r\nbar\r\nfoo_bar\r\n"),
                Arguments.of(new FetchItem.Partial(0, 10), "hello\r\nbar"),
                Arguments.of(new FetchItem.Partial(10, 10), "\r\nfoo\tbar\r"),
                Arguments.of(new FetchItem.Partial(15, 10), "\tbar\r\nfoo\t"),
                Arguments.of(new FetchItem.Partial(40, 100), "oo b\r\nfoo\r\nbar\r\nfoo_bar\r\n"));
    }

    @ParameterizedTest(name = "BINARY[1]{0}")
    @MethodSource
    void quotedPrintable(FetchItem.Partial partial, String expected) throws Exception {
        assertThat(binary(QP, List.of(1), partial)).isEqualTo(expected);
    }

    @Test
    void literal8OnlyForNulOrLoneLineBreaks() throws Exception {
        MessageStructure s = MessageStructure.parse(BASE64);
        assertThat(Sections.binary(s, BASE64, List.of(1), null).needsLiteral8(BASE64)).isFalse();
        assertThat(Sections.binary(s, BASE64, List.of(5), null).needsLiteral8(BASE64)).isTrue();
        MessageStructure q = MessageStructure.parse(QP);
        assertThat(Sections.binary(q, QP, List.of(1), new FetchItem.Partial(0, 10)).needsLiteral8(QP)).isFalse();
        assertThat(Sections.binary(q, QP, List.of(1), new FetchItem.Partial(10, 10)).needsLiteral8(QP)).isTrue();
    }

    @Test
    void unknownEncodingIsReported() {
        byte[] m = crlf("MIME-Version: 1.0\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 a\n");
        assertThatThrownBy(() -> Sections.binary(MessageStructure.parse(m), m, List.of(1), null))
                .isInstanceOf(UnknownEncodingException.class).hasMessageContaining("x-uuencode");
    }

    @Test
    void missingPartIsNil() throws Exception {
        assertThat(Sections.binary(MessageStructure.parse(QP), QP, List.of(3), null)).isNull();
    }
}
