package org.colombier.server.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PathArgumentTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FROM:<a@example.org>|a@example.org",
            "from:<>|''",
            "FROM: <a@example.org>|a@example.org",
            "FROM:<@relay.example,@b.example:a@example.org>|a@example.org",
            "FROM:<\"john doe\"@example.org>|john doe@example.org",
            "FROM:<\"a\\\"b\"@example.org>|a\"b@example.org",
            "FROM:<Postmaster>|Postmaster",
            "FROM:<jürgen@exämple.org>|jürgen@exämple.org",
    })
    void pathsParse(String argument, String address) throws Exception {
        assertThat(PathArgument.parse(argument, "FROM").address()).isEqualTo(address);
    }

    @Test
    void parametersAreUpperCasedKeywordsInOrder() throws Exception {
        PathArgument p = PathArgument.parse("FROM:<a@b> size=10 BODY=8BITMIME  SMTPUTF8", "FROM");
        assertThat(p.parameters()).containsExactly(Map.entry("SIZE", "10"), Map.entry("BODY", "8BITMIME"),
                Map.entry("SMTPUTF8", ""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TO:a@b", "TO:<a@b", "TO:<a b@c>", "TO:<a@b>x", "TO:<@a>", "TO:<a@>", "TO:<@x:>x", "FROM:<a@b>",
            "TO:<a@b> SIZE=1 SIZE=2", "TO:<a@b> =x",
    })
    void malformedArgumentsAreSyntaxErrors(String argument) {
        assertThatThrownBy(() -> PathArgument.parse(argument, "TO")).isInstanceOf(PathArgument.SyntaxError.class);
    }
}
