package org.colombier.server.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Header values: parameters (RFC 2045, RFC 2231), addresses (RFC 5322), text decoding. */
@Timeout(10)
class HeaderValuesTest {

    static Stream<Arguments> parameters() {
        return Stream.of(
                Arguments.of("text/plain; charset=utf-8", List.of(new Param("charset", "utf-8"))),
                Arguments.of("text/plain ; charset = \"a \\\"b\\\"\" ; format=flowed",
                        List.of(new Param("charset", "a \"b\""), new Param("format", "flowed"))),
                Arguments.of("text/plain; (comment) a=1;; garbage; b=2", List.of(new Param("a", "1"), new Param("b", "2"))),
                Arguments.of("x/y; t*1=\"two\"; t*0=\"one \"; z=9",
                        List.of(new Param("z", "9"), new Param("t", "one two"))),
                Arguments.of("x/y; t*=us-ascii'en'a%20b", List.of(new Param("t*", "us-ascii'en'a%20b"))),
                Arguments.of("x/y; t*0*=utf-8''%C3%A9; t*1=\" x\"", List.of(new Param("t*", "utf-8''%C3%A9%20x"))),
                Arguments.of("x/y; t*0=a; t*2=c", List.of(new Param("t", "a"))),
                Arguments.of("x/y; t*x=1", List.of(new Param("t*x", "1"))),
                Arguments.of("x/y; unterminated=\"abc", List.of(new Param("unterminated", "abc"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void parameters(String value, List<Param> expected) {
        assertThat(ContentValue.parse(value).params()).isEqualTo(expected);
    }

    @Test
    void extendedParameterDecodesCharsetAndPercentEscapes() {
        assertThat(new Param("filename*", "utf-8''%C3%A9t%C3%A9.txt").decodedValue()).isEqualTo("été.txt");
        assertThat(new Param("filename*", "iso-8859-1'fr'%E9").decodedValue()).isEqualTo("é");
        assertThat(new Param("filename*", "no-such-charset''a%41").decodedValue()).isEqualTo("aA");
        assertThat(new Param("filename*", "utf-8''a").baseName()).isEqualTo("filename");
        assertThat(new Param("name", "plain").decodedValue()).isEqualTo("plain");
    }

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("a@b.c", List.of(new Address(null, null, "a", "b.c"))),
                Arguments.of("\"Doe, John\" <j@x.org>", List.of(new Address("Doe, John", null, "j", "x.org"))),
                Arguments.of("John Q. Public <j@x.org>", List.of(new Address("John Q. Public", null, "j", "x.org"))),
                Arguments.of("\"quoted local\"@x.org", List.of(new Address(null, null, "quoted local", "x.org"))),
                Arguments.of("a@[127.0.0.1]", List.of(new Address(null, null, "a", "[127.0.0.1]"))),
                Arguments.of("<@r1,@r2:a@b>", List.of(new Address(null, "@r1,@r2", "a", "b"))),
                Arguments.of("<>", List.of()),
                Arguments.of("@", List.of(new Address(null, null, AddressParser.MISSING_MAILBOX, AddressParser.MISSING_DOMAIN))),
                Arguments.of(",,,a@b,,", List.of(new Address(null, null, "a", "b"))),
                Arguments.of("undisclosed-recipients:;",
                        List.of(Address.groupStart("undisclosed-recipients"), Address.GROUP_END)),
                Arguments.of("g: a@b", List.of(Address.groupStart("g"), new Address(null, null, "a", "b"), Address.GROUP_END)),
                Arguments.of("Name <a@b> (comment)", List.of(new Address("Name", null, "a", "b"))),
                Arguments.of("((nested) comment) a@b", List.of(new Address(null, null, "a", "b"))),
                Arguments.of("a(first)@b (last)", List.of(new Address("last", null, "a", "b"))),
                Arguments.of("<a@b> (not a name)", List.of(new Address(null, null, "a", "b"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void addresses(String value, List<Address> expected) {
        assertThat(AddressParser.parse(value)).isEqualTo(expected);
    }

    @Test
    void fieldTextIsUtf8WhenValidElseLatin1() {
        String utf8 = new String("Subject: été\r\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(new HeaderField("Subject", utf8, 0).text()).isEqualTo("été");
        assertThat(new HeaderField("Subject", "Subject: \u00e9t\u00e9\r\n", 0).text()).isEqualTo("été");
        assertThat(new HeaderField("Subject", "Subject:  a\r\n\tb  \r\n", 0).value()).isEqualTo("a\tb  ");
        assertThat(new HeaderField("Subject", "Subject:   \r\n", 0).value()).isEqualTo("  ");
        assertThat(new HeaderField("Subject", "Subject:\r\n continued\r\n", 0).value()).isEqualTo(" continued");
        assertThat(new HeaderField("Subject", "Subject:x", 0).value()).isEqualTo("x");
    }

    @Test
    void sentDateIsTheDayAsWritten() {
        assertThat(MessageMatcher.parseDay("Sun, 28 Oct 2007 03:00:00 +0200")).hasToString("2007-10-28");
        assertThat(MessageMatcher.parseDay("28 oct 07 03:00 GMT")).hasToString("2007-10-28");
        assertThat(MessageMatcher.parseDay("1 January 1999")).hasToString("1999-01-01");
        assertThat(MessageMatcher.parseDay("31 Feb 2007")).isNull();
        assertThat(MessageMatcher.parseDay("yesterday")).isNull();
    }
}
