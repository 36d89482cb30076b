package org.colombier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.auth.cache.AuthCache;
import org.colombier.auth.sasl.SaslContext;
import org.colombier.auth.sasl.SaslMechanisms;
import org.colombier.auth.sasl.SaslStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Master passdbs ({@code master = yes}): a master user's password logs in as another user. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MasterPassDbTest {
    private static final AuthResult UNKNOWN = new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
    private static final AuthResult MISMATCH = new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH);

    @TempDir
    Path dir;

    private DriverSettings passwdFile(String name, Map<String, String> extra, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("passwd_file_path", file.toString());
        return new DriverSettings("passwd-file", name, settings);
    }

    private AuthDrivers drivers(String separator, String masterResultSuccess, AuthCache cache) throws Exception {
        Map<String, String> masterSettings = new HashMap<>(Map.of("master", "yes"));
        if (masterResultSuccess != null) {
            masterSettings.put("result_success", masterResultSuccess);
        }
        DriverSettings masters = passwdFile("masters", masterSettings, "admin:{PLAIN}adminpw::::::");
        DriverSettings users = passwdFile("users", Map.of(), "alice:{PLAIN}alicepw::::::", "bob:{PLAIN}bobpw::::::");
        return AuthDrivers.fromConfig(List.of(masters, users), List.of(users), cache, separator);
    }

    private static AuthRequest request(String user) {
        return new AuthRequest(user, "imap", null, null, true);
    }

    @Test
    void aMasterPasswordLogsInAsTheUserNamedBeforeTheSeparator() throws Exception {
        try (AuthDrivers drivers = drivers("*", "continue", null)) {
            assertThat(drivers.verifyPlain(request("alice*admin"), "adminpw"))
                    .isEqualTo(new AuthResult.Ok("alice", Map.of(), "admin"));
            assertThat(drivers.verifyPlain(request("alice*admin"), "alicepw")).as("the user's own password is no master password")
                    .isEqualTo(MISMATCH);
            assertThat(drivers.verifyPlain(request("alice*admin"), "wrong")).isEqualTo(MISMATCH);
        }
    }

    @Test
    void anOrdinaryPassdbPasswordNeverWorksAsAMasterLogin() throws Exception {
        try (AuthDrivers drivers = drivers("*", "continue", null)) {
            assertThat(drivers.verifyPlain(request("alice*bob"), "bobpw")).isEqualTo(UNKNOWN);
            assertThat(drivers.verifyPlain(request("admin"), "adminpw")).as("masters cannot log in as themselves")
                    .isEqualTo(UNKNOWN);
        }
    }

    @Test
    void withContinueTheLoginUserMustBeInTheOrdinaryPassdbs() throws Exception {
        try (AuthDrivers drivers = drivers("*", "continue", null)) {
            assertThat(drivers.verifyPlain(request("nobody*admin"), "adminpw")).isEqualTo(UNKNOWN);
            assertThat(drivers.verifyPlain(request("admin*admin"), "adminpw"))
                    .as("the same name on both sides is an ordinary login, and admin is only a master").isEqualTo(UNKNOWN);
        }
    }

    @Test
    void withoutContinueOnlyTheMasterPasswordIsChecked() throws Exception {
        try (AuthDrivers drivers = drivers("*", null, null)) {
            assertThat(drivers.verifyPlain(request("nobody*admin"), "adminpw"))
                    .as("the userdb lookup that follows is what refuses an unknown user")
                    .isEqualTo(new AuthResult.Ok("nobody", Map.of(), "admin"));
            assertThat(drivers.lookup("nobody")).isInstanceOf(org.colombier.api.auth.UserLookup.NotFound.class);
        }
    }

    @Test
    void withoutASeparatorTheNameIsAnOrdinaryLoginName() throws Exception {
        try (AuthDrivers drivers = drivers("", "continue", null)) {
            assertThat(drivers.verifyPlain(request("alice*admin"), "adminpw")).isEqualTo(UNKNOWN);
            assertThat(drivers.verifyMaster(request("admin"), "alice", "adminpw"))
                    .isEqualTo(new AuthResult.Ok("alice", Map.of(), "admin"));
        }
    }

    @Test
    void plainsAuthorizationIdentityIsAMasterLogin() throws Exception {
        try (AuthDrivers drivers = drivers("", "continue", null)) {
            assertThat(plain(drivers, "alice\0admin\0adminpw")).isEqualTo(new AuthResult.Ok("alice", Map.of(), "admin"));
            assertThat(plain(drivers, "alice\0admin\0wrong")).isEqualTo(MISMATCH);
            assertThat(plain(drivers, "alice\0bob\0bobpw")).isEqualTo(UNKNOWN);
            assertThat(plain(drivers, "alice\0alice\0alicepw")).isEqualTo(new AuthResult.Ok("alice", Map.of()));
        }
    }

    private static AuthResult plain(AuthDrivers drivers, String message) {
        SaslStep step = SaslMechanisms.create("PLAIN", SaslContext.of(drivers.passDb(), drivers, request(""), "", false))
                .orElseThrow().step(message.getBytes(StandardCharsets.UTF_8));
        return ((SaslStep.Done) step).result();
    }

    @Test
    void aCachedMasterLoginNeverAnswersForTheLoginUsersOwnPassword() throws Exception {
        AuthCache cache = new AuthCache(1 << 20, Duration.ofHours(1), Duration.ofHours(1), System::nanoTime);
        try (AuthDrivers drivers = drivers("*", "continue", cache)) {
            assertThat(drivers.verifyPlain(request("alice*admin"), "adminpw")).isInstanceOf(AuthResult.Ok.class);
            assertThat(drivers.verifyPlain(request("alice"), "adminpw")).isEqualTo(MISMATCH);
            long hits = cache.hits();
            assertThat(drivers.verifyPlain(request("alice*admin"), "adminpw"))
                    .isEqualTo(new AuthResult.Ok("alice", Map.of(), "admin"));
            assertThat(cache.hits()).as("the master's password came from the cache").isEqualTo(hits + 1);
            assertThat(cache.flush(List.of("alice"))).as("nothing of alice's was cached").isZero();
            assertThat(cache.flush(List.of("admin"))).as("the master's entry is under the master's name").isEqualTo(1);
        }
    }
}
