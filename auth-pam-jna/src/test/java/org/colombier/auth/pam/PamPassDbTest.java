package org.colombier.auth.pam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.PassDbProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PAM passdb against the real Linux-PAM, with service files in a private confdir
 * (pam_start_confdir) built from pam_exec, pam_deny, pam_permit and pam_succeed_if.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PamPassDbTest {
    private static final String CHECK = """
            #!/bin/sh
            # pam_exec gives the password on stdin, NUL-terminated
            pw=$(tr -d '\\000')
            case "$PAM_USER" in
                alice) [ "$pw" = "s3cret pässword" ] && exit 0 ;;
                slow) sleep 1; exit 0 ;;
                slower) sleep 3; exit 0 ;;
            esac
            exit 1
            """;
    private static final String EXEC_AUTH = """
            auth [success=1 default=ignore] pam_exec.so quiet expose_authtok %s
            auth requisite pam_deny.so
            auth required pam_permit.so
            """;

    @TempDir
    Path dir;
    private Path confdir;

    @BeforeAll
    static void needsLinuxPam() {
        LinuxPam.assumeAvailable("PamPassDbTest");
    }

    @BeforeEach
    void services() throws Exception {
        confdir = Files.createDirectory(dir.resolve("pam.d"));
        Path check = dir.resolve("check.sh");
        Files.writeString(check, CHECK, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
        String auth = EXEC_AUTH.formatted(check);
        Files.writeString(confdir.resolve("colombier-test"), auth + "account required pam_permit.so\n");
        Files.writeString(confdir.resolve("colombier-locked"), auth + "account required pam_deny.so\n");
        Files.writeString(confdir.resolve("colombier-deny"), "auth required pam_deny.so\naccount required pam_permit.so\n");
        Files.writeString(confdir.resolve("colombier-system"),
                "auth requisite pam_succeed_if.so quiet uid >= 0\nauth required pam_permit.so\naccount required pam_permit.so\n");
    }

    private PassDb passDb(String service, String... more) throws AuthConfigException {
        Map<String, String> settings = new HashMap<>(Map.of("passdb_pam_service_name", service, "passdb_pam_confdir", confdir.toString()));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return new PamPassDbProvider().create(new DriverSettings("pam", "pam", settings));
    }

    private static AuthRequest request(String user) {
        return new AuthRequest(user, "test", InetAddress.getLoopbackAddress(), InetAddress.getLoopbackAddress(), true);
    }

    @Test
    void theRightPasswordPassesThePamStack() throws Exception {
        try (PassDb pam = passDb("colombier-test")) {
            assertThat(pam.verifyPlain(request("alice"), "s3cret pässword")).isEqualTo(new AuthResult.Ok("alice", Map.of()));
            assertThat(pam.verifyPlain(request("alice"), "s3cret password"))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
            assertThat(pam.verifyPlain(request("bob"), "s3cret pässword"))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
            assertThat(pam.lookupCredentials(request("alice"))).isEqualTo(new CredentialsResult.Unsupported());
        }
    }

    @Test
    void theServiceNameMayNameTheProtocol() throws Exception {
        try (PassDb pam = passDb("colombier-%{service}")) {
            assertThat(pam.verifyPlain(request("alice"), "s3cret pässword")).isInstanceOf(AuthResult.Ok.class);
        }
    }

    @Test
    void pamDenyRefusesAndAnAccountCheckFailureDisables() throws Exception {
        try (PassDb deny = passDb("colombier-deny"); PassDb locked = passDb("colombier-locked")) {
            assertThat(deny.verifyPlain(request("alice"), "s3cret pässword"))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
            assertThat(locked.verifyPlain(request("alice"), "s3cret pässword"))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.DISABLED));
        }
    }

    @Test
    void anUnknownSystemUserIsUnknown() throws Exception {
        try (PassDb system = passDb("colombier-system")) {
            assertThat(system.verifyPlain(request("no-such-user-colombier"), "x"))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
            assertThat(system.verifyPlain(request("root"), "x")).isInstanceOf(AuthResult.Ok.class);
        }
    }

    @Test
    void aMissingServiceFileIsNotALogin() throws Exception {
        try (PassDb missing = passDb("colombier-nosuch")) {
            assertThat(missing.verifyPlain(request("alice"), "s3cret pässword")).isNotInstanceOf(AuthResult.Ok.class);
        }
    }

    @Test
    void theWorkerPoolIsBoundedAndAFullPoolIsATemporaryFailure() throws Exception {
        try (PassDb pam = passDb("colombier-test", "passdb_pam_workers", "1")) {
            List<CompletableFuture<AuthResult>> logins = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                logins.add(CompletableFuture.supplyAsync(() -> pam.verifyPlain(request("slow"), "x")));
            }
            List<AuthResult> results = logins.stream().map(CompletableFuture::join).toList();
            assertThat(results).filteredOn(AuthResult.TempFail.class::isInstance).isNotEmpty();
            assertThat(results).filteredOn(AuthResult.Ok.class::isInstance).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aLoginSlowerThanTheTimeoutIsATemporaryFailure() throws Exception {
        try (PassDb pam = passDb("colombier-test", "passdb_pam_timeout", "1")) {
            assertThat(pam.verifyPlain(request("slower"), "x")).isInstanceOf(AuthResult.TempFail.class);
        }
    }

    @Test
    void badSettingsAreConfigurationErrors() {
        assertThatThrownBy(() -> passDb("x", "passdb_pam_session", "yes")).isInstanceOf(AuthConfigException.class);
        assertThatThrownBy(() -> passDb("x", "passdb_pam_workers", "0")).isInstanceOf(AuthConfigException.class);
        assertThatThrownBy(() -> new PamPassDbProvider().create(new DriverSettings("pam", "p",
                Map.of("passdb_pam_confdir", dir.resolve("nope").toString())))).isInstanceOf(AuthConfigException.class);
    }

    @Test
    void theDriverIsFoundByName() {
        assertThat(ServiceLoader.load(PassDbProvider.class).stream().map(p -> p.get().driver())).contains("pam");
    }
}
