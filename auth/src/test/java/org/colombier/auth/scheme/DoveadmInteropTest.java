package org.colombier.auth.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both directions against the installed Dovecot: its hashes verify here, ours verify in {@code doveadm pw -t}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DoveadmInteropTest {
    private static final Path DOVEADM = Path.of("/usr/bin/doveadm");
    private static final String PASSWORD = "Grüße, pass:1";

    @BeforeAll
    static void needsDoveadm() {
        boolean present = Files.isExecutable(DOVEADM);
        if (!present) {
            System.out.println("SKIP DoveadmInteropTest: " + DOVEADM + " absent (apt-get install dovecot-core)");
        }
        assumeTrue(present, "doveadm absent: install the dovecot-core package");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "CLEAR", "CRYPT", "MD5-CRYPT", "SHA256-CRYPT", "SHA512-CRYPT", "BLF-CRYPT",
            "ARGON2I", "ARGON2ID", "SHA", "SSHA", "SHA256", "SSHA256", "SHA512", "SSHA512", "SMD5", "PLAIN-MD5",
            "LDAP-MD5", "PLAIN-MD4", "PBKDF2", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256", "SSHA.hex", "PLAIN.b64"})
    void hashesCrossBetweenDovecotAndUs(String scheme) throws Exception {
        Result dovecot = doveadm("pw", "-s", scheme, "-p", PASSWORD);
        assertThat(dovecot.exit()).isZero();
        assertThat(PasswordSchemes.defaults().verify(PASSWORD, dovecot.out().strip(), true)).isEqualTo(VerifyResult.MATCH);

        String ours = PasswordSchemes.defaults().generate(scheme, PASSWORD);
        assertThat(doveadm("pw", "-t", ours, "-p", PASSWORD).exit()).as("doveadm pw -t %s", ours).isZero();
        assertThat(doveadm("pw", "-t", ours, "-p", PASSWORD + "!").exit()).isNotZero();
    }

    record Result(int exit, String out) {
    }

    private static Result doveadm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DOVEADM.toString(), "-O"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
