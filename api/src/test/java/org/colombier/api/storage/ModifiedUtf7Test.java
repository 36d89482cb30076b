package org.colombier.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class ModifiedUtf7Test {

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("INBOX", "INBOX"),
                Arguments.of("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
                Arguments.of("&", "&-"),
                Arguments.of("Tom & Jerry", "Tom &- Jerry"),
                Arguments.of("Entw\u00fcrfe", "Entw&APw-rfe"),
                Arguments.of("\u00e9\u00f4", "&AOkA9A-"),
                Arguments.of("\u00e9t\u00e9", "&AOk-t&AOk-"),
                Arguments.of("Gel\u00f6schte Elemente", "Gel&APY-schte Elemente"),
                Arguments.of("\ud83d\ude00 smile", "&2D3eAA- smile"),
                Arguments.of("\u0416", "&BBY-"),
                Arguments.of("", ""));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void encodesAndDecodesBothWays(String name, String encoded) {
        assertThat(ModifiedUtf7.encode(name)).isEqualTo(encoded);
        assertThat(ModifiedUtf7.decode(encoded)).isEqualTo(name);
    }

    @Test
    void roundTripsEveryBmpCharacterOutsidePrintableAscii() {
        StringBuilder sb = new StringBuilder();
        for (char c = 0x80; c < 0xd800; c += 97) {
            sb.append(c).append(c % 3 == 0 ? "/" : "");
        }
        String name = sb.toString();
        assertThat(ModifiedUtf7.decode(ModifiedUtf7.encode(name))).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "&",               // unterminated shift
        "a&U,BTFw",        // unterminated shift
        "&AGE-",           // encodes printable 'a'
        "&U,BTFw-&ZeVnLIqe-", // two adjacent shifts: should be one
        "&U,BTFx-",        // non-zero padding bits
        "&U,BTFwA-",       // one character too many: non-minimal
        "&Jjo!-",          // invalid base64 character
        "&U/BTFw-",        // '/' instead of ','
        "&2D0-",           // lone high surrogate
        "&3gA-",           // lone low surrogate
        "caf\u00e9",       // raw 8-bit
        "tab\there"        // control character
    })
    void rejectsNonCanonicalOrInvalidEncodings(String bad) {
        assertThatThrownBy(() -> ModifiedUtf7.decode(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Mailbox name");
    }

    @Test
    void storedNamesThatAreNotCanonicalAreShownAsStored() {
        assertThat(ModifiedUtf7.decodeStored("Entw&APw-rfe")).isEqualTo("Entw\u00fcrfe");
        assertThat(ModifiedUtf7.decodeStored("&AGE-")).isEqualTo("&AGE-");
        assertThat(ModifiedUtf7.decodeStored("a&b")).isEqualTo("a&b");
    }

    @Test
    void dovecotDirectoryNamesRoundTrip() {
        assertThat(ModifiedUtf7.encode("Ünïcode")).isEqualTo("&ANw-n&AO8-code");
        assertThat(ModifiedUtf7.encode("a&b")).isEqualTo("a&-b");
        assertThat(ModifiedUtf7.encode("日本語")).isEqualTo("&ZeVnLIqe-");
        for (String s : List.of("Ünïcode", "a&b", "日本語", "plain", "~x")) {
            assertThat(ModifiedUtf7.decode(ModifiedUtf7.encode(s))).isEqualTo(s);
        }
    }
}
