package org.colombier.server.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class ImapDatesTest {

    @Test
    void parsesSearchDatesWithOneOrTwoDigitDays() {
        assertThat(ImapDates.parseDate("1-Feb-1994")).isEqualTo(LocalDate.of(1994, 2, 1));
        assertThat(ImapDates.parseDate("01-feb-1994")).isEqualTo(LocalDate.of(1994, 2, 1));
    }

    @Test
    void parsesAndFormatsAppendDateTimes() {
        OffsetDateTime t = OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7));
        assertThat(ImapDates.parseDateTime("17-Jul-1996 02:44:25 -0700")).isEqualTo(t);
        assertThat(ImapDates.parseDateTime(" 7-Jul-1996 02:44:25 +0130"))
                .isEqualTo(OffsetDateTime.of(1996, 7, 7, 2, 44, 25, 0, ZoneOffset.ofHoursMinutes(1, 30)));
        assertThat(ImapDates.formatDateTime(t)).isEqualTo("17-Jul-1996 02:44:25 -0700");
    }

    @ParameterizedTest
    @ValueSource(strings = {"31-Feb-2020", "1-Foo-2020", "1-Feb-20", "Feb-1-2020", "", "100-Feb-2020"})
    void rejectsInvalidDates(String bad) {
        assertThatThrownBy(() -> ImapDates.parseDate(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"17-Jul-1996 02:44:25", "17-Jul-1996 2:44:25 -0700", "17-Jul-1996 25:44:25 -0700",
        "17-Jul-1996 02:44:25 0700", "17-Jul-1996T02:44:25 -0700"})
    void rejectsInvalidDateTimes(String bad) {
        assertThatThrownBy(() -> ImapDates.parseDateTime(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid");
    }
}
