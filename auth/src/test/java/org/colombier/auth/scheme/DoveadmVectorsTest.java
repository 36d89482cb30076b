package org.colombier.auth.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hashes made by Debian 12's doveadm 2.3.19, committed so the check runs without Dovecot. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoveadmVectorsTest {
    private static final PasswordSchemes SCHEMES = PasswordSchemes.defaults();
    private static final List<String> WEAK = List.of("DES-CRYPT", "MD5", "MD5-CRYPT", "SMD5", "PLAIN-MD4", "PLAIN-MD5",
            "PLAIN-MD5.b64", "LDAP-MD5", "HMAC-MD5");

    record Vector(String scheme, String password, String hash) {
        @Override
        public String toString() {
            return scheme + " " + password;
        }
    }

    static Stream<Vector> vectors() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                DoveadmVectorsTest.class.getResourceAsStream("doveadm-2.3.19-vectors.tsv")), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("\t", 3))
                    .map(f -> new Vector(f[0], f[1], f[2])).toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void dovecotHashVerifiesWithTheRightPasswordOnly(Vector v) {
        assertThat(SCHEMES.verify(v.password(), v.hash(), true)).isEqualTo(VerifyResult.MATCH);
        assertThat(SCHEMES.verify("x" + v.password(), v.hash(), true)).isEqualTo(VerifyResult.MISMATCH);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void weakSchemesAreRefusedUnlessAllowed(Vector v) {
        boolean weakHash = WEAK.contains(v.scheme());
        assertThat(SCHEMES.verify(v.password(), v.hash(), false))
                .isEqualTo(weakHash ? VerifyResult.WEAK_REFUSED : VerifyResult.MATCH);
    }

    @Test
    void theVectorFileCoversEveryRequiredScheme() throws IOException {
        assertThat(vectors().map(Vector::scheme)).contains("PLAIN", "CLEAR", "CRYPT", "MD5-CRYPT", "SHA256-CRYPT",
                "SHA512-CRYPT", "BLF-CRYPT", "ARGON2I", "ARGON2ID", "SHA", "SSHA", "SHA256", "SSHA256", "SHA512",
                "SSHA512", "PBKDF2", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN-MD5", "LDAP-MD5", "SMD5");
    }
}
