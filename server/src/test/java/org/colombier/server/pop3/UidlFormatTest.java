package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UidlFormatTest {
    private static final UidlFormat.Values VALUES = new UidlFormat.Values(26, 1700000000L,
            "0cc175b9c0f1b6a831c399e269772661", "1700000000.M1P2.host,S=10,W=12", "1700000000.M1P2.host,S=10,W=12");

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
            "%08Xu%08Xv                            => 0000001a6553f100",
            "%u                                    => 26",
            "%v.%u                                 => 1700000000.26",
            "%08xu%08xv                            => 0000001a6553f100",
            "%Xu                                   => 1a",
            "%4u                                   => '  26'",
            "%m                                    => 0cc175b9c0f1b6a831c399e269772661",
            "%f                                    => 1700000000.M1P2.host,S=10,W=12",
            "%g                                    => 1700000000.M1P2.host,S=10,W=12",
            "%{uid}-%{uidvalidity}                 => 26-1700000000",
            "%{uid | hex(8)}%{uidvalidity | hex(8)} => 0000001a6553f100",
            "%{uid | hex(8) | upper}                => 0000001A",
            "%{uidvalidity | hex(4)}                => f100",
            "%{uid | hex}                           => 1a",
            "%{guid | lower}                        => 1700000000.m1p2.host,s=10,w=12",
            "uid%%%u                                => uid%26",
    })
    void expandsLikeDovecot(String format, String expected) {
        assertThat(UidlFormat.parse(format.strip()).format(VALUES)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "%", "%q", "%{nosuch}", "%{uid", "%{uid | sha1}", "abc%08"})
    void refusesWhatDovecotRefuses(String format) {
        assertThatThrownBy(() -> UidlFormat.parse(format)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"%08Xu%08Xv,false", "%m,true", "%{md5},true", "%g,false"})
    void knowsWhenTheHeaderMd5IsNeeded(String format, boolean needed) {
        assertThat(UidlFormat.parse(format).needsMd5()).isEqualTo(needed);
    }
}
