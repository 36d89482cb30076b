package org.colombier.auth.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PasswordSchemesTest {
    private final PasswordSchemes schemes = PasswordSchemes.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "CLEAR", "CLEARTEXT", "CRYPT", "DES-CRYPT", "MD5", "MD5-CRYPT", "SHA256-CRYPT",
            "SHA512-CRYPT", "BLF-CRYPT", "ARGON2I", "ARGON2ID", "ARGON2", "SHA", "SHA1", "SHA256", "SHA512", "SSHA",
            "SSHA256", "SSHA512", "SMD5", "PLAIN-MD4", "PLAIN-MD5", "LDAP-MD5", "PBKDF2", "CRAM-MD5", "HMAC-MD5",
            "SCRAM-SHA-1", "SCRAM-SHA-256", "SHA256.hex", "PLAIN.b64", "SSHA512.HEX"})
    void generatedPasswordsVerify(String scheme) {
        String stored = schemes.generate(scheme, "s3cret pässword");
        assertThat(stored).startsWithIgnoringCase("{" + scheme + "}");
        assertThat(schemes.verify("s3cret pässword", stored, true)).isEqualTo(VerifyResult.MATCH);
        assertThat(schemes.verify("S3cret pässword", stored, true)).isEqualTo(VerifyResult.MISMATCH);
    }

    @Test
    void roundsSetTheCostOfSchemesThatHaveOne() {
        String sha = schemes.generate("SHA512-CRYPT", "pw", 6000);
        assertThat(sha).startsWith("{SHA512-CRYPT}$6$rounds=6000$");
        assertThat(schemes.generate("SHA256-CRYPT", "pw", 0)).doesNotContain("rounds=");
        String blf = schemes.generate("BLF-CRYPT", "pw", 6);
        assertThat(blf).startsWith("{BLF-CRYPT}$2y$06$");
        String pbkdf2 = schemes.generate("PBKDF2", "pw", 10);
        assertThat(pbkdf2).matches("\\{PBKDF2\\}\\$1\\$[^$]+\\$10\\$[0-9a-f]{40}");
        for (String stored : new String[] {sha, blf, pbkdf2, schemes.generate("SSHA", "pw", 7)}) {
            assertThat(schemes.verify("pw", stored, false)).as(stored).isEqualTo(VerifyResult.MATCH);
        }
        assertThatThrownBy(() -> schemes.generate("BLF-CRYPT", "pw", 40)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemeNamesAreCaseInsensitive() {
        assertThat(schemes.verify("pass", "{plain}pass", false)).isEqualTo(VerifyResult.MATCH);
        assertThat(schemes.verify("pass", "{ssha256.HEX}" + schemes.generate("SSHA256.hex", "pass").substring(13), false))
                .isEqualTo(VerifyResult.MATCH);
    }

    @Test
    void unprefixedPasswordsUseTheDefaultSchemeAndCryptFormatsAreRecognised() {
        String sha512 = schemes.generate("SHA512-CRYPT", "pw").substring("{SHA512-CRYPT}".length());
        String blowfish = schemes.generate("BLF-CRYPT", "pw").substring("{BLF-CRYPT}".length());
        String md5 = schemes.generate("MD5-CRYPT", "pw").substring("{MD5-CRYPT}".length());
        assertThat(schemes.verify("pw", sha512, false)).isEqualTo(VerifyResult.MATCH);
        assertThat(schemes.verify("pw", blowfish, false)).isEqualTo(VerifyResult.MATCH);
        assertThat(schemes.verify("pw", md5, false)).isEqualTo(VerifyResult.WEAK_REFUSED);
        assertThat(schemes.verify("pw", md5, true)).isEqualTo(VerifyResult.MATCH);
        assertThat(schemes.verify("pw", "pw", "PLAIN", false)).isEqualTo(VerifyResult.MATCH);
        assertThat(schemes.verify("pass", "vpvKh.SaNbR6s", false)).isEqualTo(VerifyResult.WEAK_REFUSED);
        assertThat(schemes.verify("pass", "vpvKh.SaNbR6s", true)).isEqualTo(VerifyResult.MATCH);
    }

    @Test
    void unknownSchemesAndBadValuesAreReportedNotThrown() {
        assertThat(schemes.verify("pw", "{NOSUCH}pw", true)).isEqualTo(VerifyResult.UNKNOWN_SCHEME);
        assertThat(schemes.verify("pw", "{PLAIN.rot13}pw", true)).isEqualTo(VerifyResult.UNKNOWN_SCHEME);
        assertThat(schemes.verify("pw", "{SHA256}dG9vIHNob3J0", true)).isEqualTo(VerifyResult.INVALID);
        assertThat(schemes.verify("pw", "{PLAIN.hex}zz", true)).isEqualTo(VerifyResult.INVALID);
        assertThat(schemes.verify("pw", "{SCRAM-SHA-1}4096,bad", true)).isEqualTo(VerifyResult.INVALID);
        assertThat(schemes.verify("pw", "{ARGON2ID}$argon2id$nonsense", true)).isEqualTo(VerifyResult.INVALID);
        assertThat(schemes.verify("pw", "{BLF-CRYPT}$2y$05$short", true)).isEqualTo(VerifyResult.INVALID);
        assertThat(schemes.verify("pw", "{CRYPT}$y$j9T$yescrypt", true)).isEqualTo(VerifyResult.INVALID);
        assertThat(schemes.verify("", "{CRYPT}", true)).isEqualTo(VerifyResult.MISMATCH);
        assertThatThrownBy(() -> schemes.generate("NOSUCH", "pw")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hexAndBase64AreGuessedForFixedLengthSchemes() {
        // PLAIN-MD5 of "pass" in hex and base64
        assertThat(schemes.verify("pass", "{PLAIN-MD5}1a1dc91c907325c69271ddf0c944bc72", true)).isEqualTo(VerifyResult.MATCH);
        assertThat(schemes.verify("pass", "{PLAIN-MD5}Gh3JHJBzJcaScd3wyUS8cg==", true)).isEqualTo(VerifyResult.MATCH);
    }

    @Test
    void weakSchemesFollowDovecot24() {
        assertThat(schemes.names().stream().filter(n -> schemes.find(n).orElseThrow().weak()))
                .containsExactlyInAnyOrder("DES-CRYPT", "MD5-CRYPT", "MD5", "SMD5", "PLAIN-MD4", "PLAIN-MD5", "LDAP-MD5", "HMAC-MD5");
    }

    @Test
    void cramMd5ContextAnswersLikeHmacMd5OfTheKey() throws Exception {
        for (String key : new String[] {"", "tanstaaftanstaaf", "k".repeat(100)}) {
            byte[] message = "<1896.697170952@postoffice.example.net>".getBytes(StandardCharsets.US_ASCII);
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key.isEmpty() ? new byte[1] : key.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            byte[] expected = key.isEmpty() ? null : mac.doFinal(message);
            byte[] context = CramMd5Scheme.context(key.getBytes(StandardCharsets.UTF_8));
            if (expected != null) {
                assertThat(CramMd5Scheme.hmac(context, message)).isEqualTo(expected);
            }
        }
        // RFC 2195's example: tanstaaftanstaaf answers this challenge with b913a602c7eda7a495b4e6e7334d3890
        byte[] context = CramMd5Scheme.context("tanstaaftanstaaf".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(CramMd5Scheme.hmac(context,
                "<1896.697170952@postoffice.reston.mci.net>".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b913a602c7eda7a495b4e6e7334d3890");
    }
}
