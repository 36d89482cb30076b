package org.colombier.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AdminProtocolTest {
    @Test
    void fieldsRoundTripWithTabsNewlinesBackslashesAndEmptyFields() {
        List<List<String>> rows = List.of(List.of("who"), List.of("", "1", "pop3"), List.of("a\tb", "c\nd\r", "e\\f", ""),
                List.of(""), List.of("é ü"));
        for (List<String> row : rows) {
            String line = AdminProtocol.line(row);
            assertThat(line).endsWith("\n").doesNotContain("\r").satisfies(l -> assertThat(l.indexOf('\n')).isEqualTo(l.length() - 1));
            assertThat(AdminProtocol.fields(line.substring(0, line.length() - 1))).isEqualTo(row);
        }
        assertThat(AdminProtocol.line(List.of("", "x"))).isEqualTo("\tx\n");
    }

    @Test
    void badEscapesAndControlCharactersAreRefused() {
        for (String bad : List.of("a\\", "a\\x", "a\u0001b", "a\rb")) {
            assertThatThrownBy(() -> AdminProtocol.fields(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
