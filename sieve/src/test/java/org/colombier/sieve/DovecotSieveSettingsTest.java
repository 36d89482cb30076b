package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DovecotSieveSettingsTest {
    @Test
    void defaultsFollowPigeonhole() {
        SieveSettings s = DovecotSieveSettings.from(Map.of());
        assertThat(s.vacationMinPeriod()).isEqualTo(Duration.ofDays(1));
        assertThat(s.vacationDefaultPeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(s.vacationMaxPeriod()).isEqualTo(Duration.ofDays(60));
        assertThat(s.extensions()).contains("fileinto", "vacation").doesNotContain("editheader");
        assertThat(s.spamtest()).isNull();
        assertThat(s.redirectDuplicatePeriod()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void readsDovecotNamesAndValueSyntax() {
        SieveSettings s = DovecotSieveSettings.from(Map.ofEntries(
                Map.entry("sieve_extensions", "+editheader -vacation"),
                Map.entry("sieve_vacation_min_period", "2 hours"),
                Map.entry("sieve_vacation_default_period", "3d"),
                Map.entry("sieve_vacation_max_period", "2w"),
                Map.entry("sieve_vacation_dont_check_recipient", "yes"),
                Map.entry("sieve_max_script_size", "64k"),
                Map.entry("sieve_max_actions", "10"),
                Map.entry("sieve_max_redirects", "2"),
                Map.entry("recipient_delimiter", "+-"),
                Map.entry("sieve_editheader_protected", "X-Secret x-other"),
                Map.entry("sieve_spamtest_status_header", "X-Spam-Score: ([0-9.]+)"),
                Map.entry("sieve_spamtest_max_value", "15")));
        assertThat(s.extensions()).contains("editheader").doesNotContain("vacation");
        assertThat(s.vacationMinPeriod()).isEqualTo(Duration.ofHours(2));
        assertThat(s.vacationDefaultPeriod()).isEqualTo(Duration.ofDays(3));
        assertThat(s.vacationMaxPeriod()).isEqualTo(Duration.ofDays(14));
        assertThat(s.vacationDontCheckRecipient()).isTrue();
        assertThat(s.maxScriptSize()).isEqualTo(65536);
        assertThat(s.maxActions()).isEqualTo(10);
        assertThat(s.maxRedirects()).isEqualTo(2);
        assertThat(s.recipientDelimiter()).isEqualTo("+-");
        assertThat(s.editheaderProtected()).containsExactlyInAnyOrder("x-secret", "x-other");
        assertThat(s.spamtest().header()).isEqualTo("X-Spam-Score");
        assertThat(s.spamtest().regex()).isEqualTo("([0-9.]+)");
        assertThat(s.spamtest().maxValue()).isEqualTo(15.0);
    }

    @Test
    void malformedValuesNameTheSetting() {
        assertThatThrownBy(() -> DovecotSieveSettings.from(Map.of("sieve_vacation_min_period", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sieve_vacation_min_period");
        assertThatThrownBy(() -> DovecotSieveSettings.from(Map.of("sieve_max_actions", "-1")))
                .hasMessageContaining("sieve_max_actions");
        assertThatThrownBy(() -> DovecotSieveSettings.from(Map.of("sieve_max_script_size", "1 parsec")))
                .hasMessageContaining("unknown size unit 'parsec'");
        assertThatThrownBy(() -> DovecotSieveSettings.from(Map.of("sieve_spamtest_status_header", "X-Spam: ((",
                "sieve_spamtest_max_value", "10")))
                .hasMessageContaining("sieve_spamtest_status_header: invalid regular expression");
    }
}
