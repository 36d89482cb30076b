package org.colombier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.UserLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The passdb/userdb chains built from configuration sections, with Dovecot's default result handling. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthDriversTest {
    @TempDir
    Path dir;

    private DriverSettings passwdFile(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return new DriverSettings("passwd-file", name, Map.of("passwd_file_path", file.toString()));
    }

    /** A PostgreSQL passdb/userdb on a loopback port nobody listens on. */
    private static DriverSettings unreachableSql() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return new DriverSettings("sql", "down", Map.of("sql_driver", "pgsql", "pgsql_host", "127.0.0.1",
                "pgsql_parameters/port", String.valueOf(port), "pgsql_parameters/dbname", "mail",
                "pgsql_parameters/connect_timeout", "1", "passdb_sql_query", "SELECT password FROM users WHERE userid = '%{user}'",
                "userdb_sql_query", "SELECT home FROM users WHERE userid = '%{user}'"));
    }

    private static AuthRequest request(String user) {
        return new AuthRequest(user, "doveadm", null, null, true);
    }

    @Test
    void theFirstPassdbThatAcceptsAnswersAndAMismatchMovesOn() throws Exception {
        DriverSettings first = passwdFile("first", "ann:{PLAIN}old::::::", "bob:{PLAIN}bob::::::");
        DriverSettings second = passwdFile("second", "ann:{PLAIN}new::::::userdb_quota_storage_size=1G");
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(first, second), List.of(second))) {
            assertThat(drivers.verifyPlain(request("ann"), "new")).isInstanceOf(AuthResult.Ok.class);
            assertThat(drivers.verifyPlain(request("ann"), "old")).isInstanceOf(AuthResult.Ok.class);
            assertThat(drivers.verifyPlain(request("ann"), "neither"))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
            assertThat(drivers.verifyPlain(request("zed"), "x")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
            assertThat(drivers.lookupCredentials(request("ann"))).isInstanceOfSatisfying(CredentialsResult.Found.class,
                    f -> assertThat(f.credentials()).isEqualTo("{PLAIN}old"));
            assertThat(drivers.lookup("bob")).isInstanceOf(UserLookup.NotFound.class);
            assertThat(drivers.lookup("ann")).isInstanceOf(UserLookup.Found.class);
        }
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(), List.of(first, second))) {
            assertThat(drivers.users()).containsExactly("ann", "bob");
        }
    }

    @Test
    void aTemporaryFailureCountsOnlyWhenNoOtherDatabaseAnswers() throws Exception {
        DriverSettings file = passwdFile("users", "ann:{PLAIN}pw::::/home/ann::");
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(unreachableSql(), file), List.of(unreachableSql(), file))) {
            assertThat(drivers.verifyPlain(request("ann"), "pw")).isInstanceOf(AuthResult.Ok.class);
            assertThat(drivers.verifyPlain(request("zed"), "pw")).isInstanceOf(AuthResult.TempFail.class);
            assertThat(drivers.lookupCredentials(request("zed"))).isInstanceOf(CredentialsResult.TempFail.class);
            assertThat(drivers.lookup("ann")).isInstanceOf(UserLookup.Found.class);
            assertThat(drivers.lookup("zed")).isInstanceOf(UserLookup.TempFail.class);
        }
    }

    private DriverSettings with(DriverSettings s, String... keyValues) {
        Map<String, String> settings = new HashMap<>(s.settings());
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return new DriverSettings(s.driver(), s.name(), settings);
    }

    @Test
    void resultRulesDecideWhetherTheChainStopsAndWhatItAnswers() throws Exception {
        DriverSettings first = passwdFile("first", "ann:{PLAIN}old::::::");
        DriverSettings second = passwdFile("second", "ann:{PLAIN}new::::::");
        // a failure that returns stops the chain: the second passdb is never asked
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(with(first, "result_failure", "return-fail"), second), List.of())) {
            assertThat(drivers.verifyPlain(request("ann"), "new")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
            assertThat(drivers.verifyPlain(request("ann"), "old")).isInstanceOf(AuthResult.Ok.class);
        }
        // success that only continues must be confirmed by a later passdb
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(with(first, "passdb_result_success", "continue-ok",
                "passdb_result_failure", "return-fail"), with(second, "result_failure", "continue-fail")), List.of())) {
            assertThat(drivers.verifyPlain(request("ann"), "old")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
        }
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(with(first, "result_success", "continue-ok"), second), List.of())) {
            assertThat(drivers.verifyPlain(request("ann"), "old")).isInstanceOf(AuthResult.Ok.class);
        }
        assertThatThrownBy(() -> AuthDrivers.fromConfig(List.of(with(first, "result_success", "maybe")), List.of()))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("result_success = maybe");
    }

    @Test
    void masterPassdbsAreNotAskedAndADenyPassdbRefusesTheUsersItLists() throws Exception {
        DriverSettings master = with(passwdFile("masters", "ann:{PLAIN}master::::::"), "master", "yes");
        DriverSettings deny = with(passwdFile("denied", "bob:::::::"), "passdb_deny", "yes");
        DriverSettings users = passwdFile("users", "ann:{PLAIN}pw::::::", "bob:{PLAIN}pw::::::");
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(master, deny, users), List.of())) {
            assertThat(drivers.verifyPlain(request("ann"), "master")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
            assertThat(drivers.verifyPlain(request("ann"), "pw")).isInstanceOf(AuthResult.Ok.class);
            assertThat(drivers.verifyPlain(request("bob"), "pw")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.DISABLED));
            assertThat(drivers.lookupCredentials(request("bob"))).isInstanceOf(CredentialsResult.NotFound.class);
        }
    }

    @Test
    void anUnknownDriverIsAConfigurationErrorNamingTheKnownOnes() throws Exception {
        DriverSettings file = passwdFile("users", "ann:{PLAIN}pw::::::");
        assertThatThrownBy(() -> AuthDrivers.fromConfig(List.of(file, new DriverSettings("ldap", "dir", Map.of())), List.of()))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("unknown driver ldap")
                .hasMessageContaining("passwd-file");
    }

    @Test
    void passdbSkipAuthenticatedAndUnauthenticatedFollowWhetherAnEarlierPassdbVerifiedThePassword() throws Exception {
        DriverSettings first = passwdFile("first", "ann:{PLAIN}pw::::::");
        Map<String, String> verified = new HashMap<>(first.settings());
        verified.put("passdb_result_success", "continue-ok");
        DriverSettings verifies = new DriverSettings("passwd-file", "first", verified);
        DriverSettings extra = withSkip(passwdFile("extra", "ann:{PLAIN}pw::::::mark=extra", "bob:{PLAIN}bob::::::"),
                "passdb_skip", "unauthenticated");
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(verifies, extra), List.of())) {
            assertThat(drivers.verifyPlain(request("ann"), "pw")).as("ann verified: the extra passdb is asked")
                    .isInstanceOfSatisfying(AuthResult.Ok.class, ok -> assertThat(ok.extraFields()).containsEntry("mark", "extra"));
            assertThat(drivers.verifyPlain(request("bob"), "bob")).as("bob unauthenticated: the extra passdb is skipped")
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
        }
        DriverSettings fallback = withSkip(passwdFile("fallback", "ann:{PLAIN}pw::::::mark=fallback",
                "ann2:{PLAIN}other::::::"), "skip", "authenticated");
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(verifies, fallback), List.of())) {
            assertThat(drivers.verifyPlain(request("ann"), "pw")).as("already authenticated: skipped")
                    .isInstanceOfSatisfying(AuthResult.Ok.class, ok -> assertThat(ok.extraFields()).doesNotContainKey("mark"));
            assertThat(drivers.verifyPlain(request("ann2"), "other")).as("not authenticated: asked")
                    .isInstanceOf(AuthResult.Ok.class);
        }
    }

    @Test
    void userdbSkipFoundAndNotFoundFollowWhetherAnEarlierUserdbFoundTheUser() throws Exception {
        DriverSettings first = passwdFile("first", "ann:x:1000:1000::/home/ann::");
        Map<String, String> goOn = new HashMap<>(first.settings());
        goOn.put("userdb_result_success", "continue-ok");
        DriverSettings continues = new DriverSettings("passwd-file", "first", goOn);
        DriverSettings onlyFound = withSkip(passwdFile("quota", "ann:x:1000:1000::/home/ann2::", "bob:x:1001:1001::/home/bob::"),
                "userdb_skip", "notfound");
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(), List.of(continues, onlyFound))) {
            assertThat(drivers.lookup("ann")).isInstanceOfSatisfying(UserLookup.Found.class,
                    f -> assertThat(f.user().home()).isEqualTo("/home/ann2"));
            assertThat(drivers.lookup("bob")).as("not found before: skipped").isInstanceOf(UserLookup.NotFound.class);
        }
        DriverSettings onlyMissing = withSkip(passwdFile("more", "ann:x:1000:1000::/home/ann2::", "bob:x:1001:1001::/home/bob::"),
                "skip", "found");
        try (AuthDrivers drivers = AuthDrivers.fromConfig(List.of(), List.of(continues, onlyMissing))) {
            assertThat(drivers.lookup("ann")).isInstanceOfSatisfying(UserLookup.Found.class,
                    f -> assertThat(f.user().home()).isEqualTo("/home/ann"));
            assertThat(drivers.lookup("bob")).isInstanceOf(UserLookup.Found.class);
        }
    }

    @Test
    void anUnknownSkipValueIsAConfigurationError() throws Exception {
        DriverSettings userdb = withSkip(passwdFile("users", "ann:x:1000:1000::/home/ann::"), "userdb_skip", "authenticated");
        assertThatThrownBy(() -> AuthDrivers.fromConfig(List.of(), List.of(userdb)))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("skip = authenticated is not one of never, found, notfound");
    }

    private static DriverSettings withSkip(DriverSettings s, String key, String value) {
        Map<String, String> settings = new HashMap<>(s.settings());
        settings.put(key, value);
        return new DriverSettings(s.driver(), s.name(), settings);
    }
}
