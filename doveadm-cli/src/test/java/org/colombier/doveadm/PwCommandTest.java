package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colombier.doveadm.AuthCommandsTest.doveadm;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.colombier.doveadm.AuthCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code doveadm pw}: generate, verify with {@code -t}, list; our hashes checked by Dovecot's doveadm when installed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PwCommandTest {
    private static final Path DOVECOT_DOVEADM = Path.of("/usr/bin/doveadm");
    private static final String PASSWORD = "Grüße pass:1";

    @ParameterizedTest
    @ValueSource(strings = {"CRYPT", "SHA512-CRYPT", "BLF-CRYPT", "ARGON2ID", "SSHA256", "PBKDF2", "CRAM-MD5",
            "SCRAM-SHA-256", "PLAIN", "ssha512.hex"})
    void aGeneratedHashVerifiesWithDashT(String scheme) {
        Run generated = doveadm("", "pw", "-s", scheme, "-p", PASSWORD);
        assertThat(generated.status()).isZero();
        String hash = generated.out().strip();
        assertThat(hash).startsWithIgnoringCase("{" + scheme + "}");
        Run verified = doveadm("", "pw", "-t", hash, "-p", PASSWORD);
        assertThat(verified.status()).isZero();
        assertThat(verified.out()).isEqualTo(hash + " (verified)\n");
        Run wrong = doveadm("", "pw", "-t", hash, "-p", "not it");
        assertThat(wrong.status()).isEqualTo(75);
        assertThat(wrong.err()).isEqualTo("Fatal: reverse password verification check failed: Password mismatch\n");
    }

    @Test
    void theDefaultSchemeIsBcryptCryptAndRoundsSetTheCost() {
        assertThat(doveadm("", "pw", "-p", "x").out()).startsWith("{CRYPT}$2y$05$");
        assertThat(doveadm("", "pw", "-s", "sha512-crypt", "-r", "6000", "-p", "x").out()).startsWith("{SHA512-CRYPT}$6$rounds=6000$");
        Run bad = doveadm("", "pw", "-r", "many", "-p", "x");
        assertThat(bad.status()).isEqualTo(75);
        assertThat(bad.err()).isEqualTo("Fatal: Invalid number of rounds: many\n");
    }

    @Test
    void dashVVerifiesTheNewHash() {
        assertThat(doveadm("", "pw", "-s", "SHA256", "-p", "x", "-V").out())
                .isEqualTo("{SHA256}LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE= (verified)\n");
    }

    @Test
    void errorsAreDovecotsFatalLines() {
        Run unknown = doveadm("", "pw", "-s", "NOPE", "-p", "x");
        assertThat(unknown.status()).isEqualTo(75);
        assertThat(unknown.err()).isEqualTo("Fatal: Unknown scheme: NOPE\n");
        Run noPrefix = doveadm("", "pw", "-t", "x", "-p", "x");
        assertThat(noPrefix.status()).isEqualTo(75);
        assertThat(noPrefix.err()).isEqualTo("Fatal: Missing {scheme} prefix from hash\n");
    }

    @Test
    void aPasswordNotGivenIsAskedForTwice() {
        Run typed = doveadm("pw1\npw1\n", "pw", "-s", "PLAIN");
        assertThat(typed.out()).isEqualTo("{PLAIN}pw1\n");
        assertThat(typed.err()).isEqualTo("Enter new password: Retype new password: ");
        Run mismatched = doveadm("a\nb\nc\nd\ne\nf\n", "pw", "-s", "PLAIN");
        assertThat(mismatched.status()).isEqualTo(1);
        assertThat(mismatched.err()).contains("Error: Passwords don't match!");
        Run verify = doveadm("x\n", "pw", "-t", "{PLAIN}x");
        assertThat(verify.out()).isEqualTo("{PLAIN}x (verified)\n");
    }

    @Test
    void dashLListsTheSchemes() {
        Run run = doveadm("", "pw", "-l");
        assertThat(run.status()).isZero();
        assertThat(run.out()).endsWith(" \n").contains("SHA512-CRYPT ", "ARGON2ID ", "SCRAM-SHA-256 ", "PLAIN ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CRYPT", "SHA512-CRYPT", "BLF-CRYPT", "ARGON2ID", "SSHA256", "PBKDF2", "SCRAM-SHA-1", "SHA256.hex"})
    void dovecotsDoveadmAcceptsOurHashes(String scheme) throws Exception {
        boolean present = Files.isExecutable(DOVECOT_DOVEADM);
        if (!present) {
            System.out.println("SKIP PwCommandTest.dovecotsDoveadmAcceptsOurHashes: " + DOVECOT_DOVEADM
                    + " absent (apt-get install dovecot-core)");
        }
        assumeTrue(present, "Dovecot's doveadm absent: install the dovecot-core package");
        String hash = doveadm("", "pw", "-s", scheme, "-r", scheme.endsWith("CRYPT") && !scheme.startsWith("SHA") ? "6" : "0",
                "-p", PASSWORD).out().strip();
        Process p = new ProcessBuilder(DOVECOT_DOVEADM.toString(), "-O", "pw", "-t", hash, "-p", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(hash + " (verified)\n");
    }
}
