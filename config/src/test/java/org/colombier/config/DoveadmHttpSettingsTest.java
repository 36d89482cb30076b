package org.colombier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The doveadm HTTP API's settings: off unless configured, never without a secret, loopback unless HTTPS. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DoveadmHttpSettingsTest {
    private static ColombierConfig parse(String text) throws ConfigException {
        return ConfigLoader.parse("ssl = no\n" + text, "t.conf");
    }

    @Test
    void offWithoutTheHttpListener() throws Exception {
        assertThat(DoveadmHttpSettings.of(parse("doveadm_api_key = k\n"))).isEmpty();
        assertThat(DoveadmHttpSettings.of(parse("doveadm_api_key = k\nservice doveadm {\n  unix_listener doveadm-server {\n  }\n}\n")))
                .isEmpty();
    }

    @Test
    void portZeroTurnsItOffAsInDovecot() throws Exception {
        assertThat(DoveadmHttpSettings.of(parse("service doveadm {\n  inet_listener http {\n    port = 0\n  }\n}\n"))).isEmpty();
    }

    @Test
    void aPortWithoutKeyOrPasswordIsAnErrorAtTheListener() {
        assertThatThrownBy(() -> DoveadmHttpSettings.of(parse(
                "listen = 127.0.0.1\nservice doveadm {\n  inet_listener http {\n    port = 8080\n  }\n}\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.conf:4: inet_listener http of service doveadm needs doveadm_api_key (or doveadm_password): "
                        + "the doveadm HTTP API never runs without authentication");
    }

    @Test
    void keyOrPasswordEnableItOnLoopback() throws Exception {
        DoveadmHttpSettings key = DoveadmHttpSettings.of(parse("doveadm_api_key = k3y-value\n"
                + "service doveadm {\n  inet_listener http {\n    port = 8080\n    listen = 127.0.0.1 ::1\n  }\n}\n")).orElseThrow();
        assertThat(key.apiKey()).isEqualTo("k3y-value");
        assertThat(key.password()).isEmpty();
        assertThat(key.listener().port()).isEqualTo(8080);
        assertThat(key.listener().addresses()).containsExactly("127.0.0.1", "::1");
        assertThat(key.toString()).doesNotContain("k3y-value");

        DoveadmHttpSettings password = DoveadmHttpSettings.of(parse("doveadm_password = pw\nlisten = localhost\n"
                + "service doveadm {\n  inet_listener http {\n    port = 8080\n  }\n}\n")).orElseThrow();
        assertThat(password.password()).isEqualTo("pw");
        assertThat(password.apiKey()).isEmpty();
    }

    @Test
    void theSettingsAreKnownSoNoWarning() throws Exception {
        ColombierConfig config = parse("doveadm_api_key = k\ndoveadm_password = p\n");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void nonLoopbackWithoutSslIsRefused() {
        // Dovecot's default listen (*, ::) with Dovecot's documented example listener
        assertThatThrownBy(() -> DoveadmHttpSettings.of(parse(
                "doveadm_api_key = k\nservice doveadm {\n  inet_listener http {\n    port = 8080\n  }\n}\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.conf:4: inet_listener http of service doveadm listens on '*' without ssl = yes");
        assertThatThrownBy(() -> DoveadmHttpSettings.of(parse("doveadm_api_key = k\n"
                + "service doveadm {\n  inet_listener http {\n    port = 8080\n    listen = 127.0.0.1 192.0.2.1\n  }\n}\n")))
                .hasMessageContaining("'192.0.2.1'");
    }

    @Test
    void nonLoopbackWithSslIsAllowed() throws Exception {
        DoveadmHttpSettings https = DoveadmHttpSettings.of(parse("doveadm_api_key = k\n"
                + "service doveadm {\n  inet_listener http {\n    port = 8443\n    ssl = yes\n  }\n}\n")).orElseThrow();
        assertThat(https.listener().ssl()).isTrue();
        assertThat(https.listener().addresses()).isEqualTo(List.of("*", "::"));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "127.1.2.3, true", "::1, true", "[::1], true", "0:0:0:0:0:0:0:1, true",
            "localhost, true", "*, false", "::, false", "0.0.0.0, false", "192.0.2.1, false", "2001:db8::1, false",
            "mail.example.com, false", "127.0.0.1.example.com, false"})
    void loopbackIsJudgedByTheAddressTextAlone(String address, boolean loopback) {
        assertThat(DoveadmHttpSettings.isLoopback(address)).isEqualTo(loopback);
    }
}
