package org.colombier.server.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class SequenceSetTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "1;10;1",
        "1:3,7,9:12;100;1:3,7,9:12",
        "5:*;10;5:10",
        "*:5;10;5:10",
        "*;10;10",
        "5:*;3;3:5",
        "12:9,1;100;1,9:12",
        "1:*;0;''",
        "4294967295;7;4294967295"
    })
    void resolvesStarAgainstTheLargestNumber(String set, long largest, String expected) {
        assertThat(SequenceSet.parse(set).resolve(largest).toString()).isEqualTo(expected);
    }

    @Test
    void keepsTheClientsFormAndSavedResult() {
        assertThat(SequenceSet.parse("3:1,*").toString()).isEqualTo("1:3,*");
        assertThat(SequenceSet.parse("$")).isEqualTo(SequenceSet.SAVED);
        assertThat(SequenceSet.parse("$").saved()).isTrue();
        assertThatThrownBy(() -> SequenceSet.SAVED.resolve(3)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "1:0", "01", "1,,2", "1:", ":1", "a", "4294967296", "1:2:3", "$,1", "-1", "+1"})
    void rejectsInvalidSets(String bad) {
        assertThatThrownBy(() -> SequenceSet.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid sequence set");
    }
}
