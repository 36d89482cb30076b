package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.colombier.sieve.mail.Address;
import org.colombier.sieve.mail.Rfc2047;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The small mail parsers the tests rely on: address lists, RFC 2047, header/body split. */
@Timeout(10)
class MailParsingTest {
    static Stream<Arguments> addressLists() {
        return Stream.of(
                Arguments.of("a@b.c", List.of("a@b.c")),
                Arguments.of("Alice <alice@example.org>, bob@example.com", List.of("alice@example.org", "bob@example.com")),
                Arguments.of("\"Doe, John\" <john@example.com>", List.of("john@example.com")),
                Arguments.of("undisclosed-recipients:;", List.of()),
                Arguments.of("team: a@x.org, B <b@x.org>;, c@y.org", List.of("a@x.org", "b@x.org", "c@y.org")),
                Arguments.of("x@y.z (comment, with comma)", List.of("x@y.z")),
                Arguments.of("\"quoted local\"@example.com", List.of("quoted local@example.com")),
                Arguments.of("<@route.example:user@example.com>", List.of("user@example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addressLists")
    void parsesAddressLists(String header, List<String> expected) {
        assertThat(Address.parseList(header).stream().map(Address::all).toList()).isEqualTo(expected);
    }

    @Test
    void decodesAndEncodesRfc2047() {
        assertThat(Rfc2047.decode("=?utf-8?b?w6k=?= and =?iso-8859-1?q?=E9t=E9?=")).isEqualTo("é and été");
        assertThat(Rfc2047.decode("=?bogus-charset?q?x?= stays")).isEqualTo("=?bogus-charset?q?x?= stays");
        assertThat(Rfc2047.decode(Rfc2047.encode("Ünïcödé " + "long ".repeat(20)))).isEqualTo("Ünïcödé " + "long ".repeat(20));
        assertThat(Rfc2047.encode("plain")).isEqualTo("plain");
    }

    @Test
    void readsHeaderFromAFileAndBodyOnlyOnDemand(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.eml");
        Files.write(f, "Subject: a\r\n b\r\nX-Bare: 1\n\nbody line\r\n".getBytes(StandardCharsets.UTF_8));
        SieveMessage m = SieveMessage.of(f);
        assertThat(m.headers()).hasSize(2);
        assertThat(m.headers().get(0).decoded()).isEqualTo("a b");
        assertThat(m.size()).isEqualTo(Files.size(f));
        try (var in = m.openBody()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("body line\r\n");
        }
    }
}
