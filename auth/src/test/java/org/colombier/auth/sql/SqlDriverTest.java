package org.colombier.auth.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Column-to-field mapping and settings of the SQL drivers, on the embedded H2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqlDriverTest {
    @TempDir
    Path dir;

    private DriverSettings settings(Map<String, String> more) {
        Map<String, String> s = new HashMap<>(Map.of("sql_driver", "h2", "h2_path", dir.resolve("db").toString()));
        s.putAll(more);
        return new DriverSettings("sql", "test", s);
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(EmbeddedH2.url(dir.resolve("db")));
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static AuthRequest request(String user) {
        return new AuthRequest(user, "pop3", InetAddress.getLoopbackAddress(), null, false);
    }

    @Test
    void theEmbeddedSchemaIsCreatedOnFirstStartAndKeptAfter() throws Exception {
        try (PassDb passDb = new SqlPassDbProvider().create(settings(Map.of()))) {
            sql("INSERT INTO users (username, password, home, uid, gid, mail_driver, quota_storage_size) "
                    + "VALUES ('ann', '{PLAIN}pw', '/srv/ann', 10, 20, 'sdbox', '1G')");
            assertThat(passDb.verifyPlain(request("ann"), "pw")).isInstanceOf(AuthResult.Ok.class);
        }
        try (UserDb userDb = new SqlUserDbProvider().create(settings(Map.of()))) {
            UserRecord ann = ((UserLookup.Found) userDb.lookup("ann")).user();
            assertThat(ann.home()).isEqualTo("/srv/ann");
            assertThat(ann.uid()).isEqualTo(OptionalInt.of(10));
            assertThat(ann.gid()).isEqualTo(OptionalInt.of(20));
            assertThat(ann.fields()).containsExactlyInAnyOrderEntriesOf(Map.of("mail_driver", "sdbox", "quota_storage_size", "1G"));
            assertThat(userDb.iterate()).containsExactly("ann");
        }
    }

    @Test
    void aPassdbAndUserdbShareTheirPoolUntilBothAreClosed() throws Exception {
        PassDb passDb = new SqlPassDbProvider().create(settings(Map.of()));
        UserDb userDb = new SqlUserDbProvider().create(settings(Map.of()));
        sql("INSERT INTO users (username, password, home) VALUES ('ann', '{PLAIN}pw', '/srv/ann')");
        passDb.close();
        passDb.close();
        assertThat(userDb.lookup("ann")).isInstanceOf(UserLookup.Found.class);
        userDb.close();
        try (PassDb again = new SqlPassDbProvider().create(settings(Map.of()))) {
            assertThat(again.verifyPlain(request("ann"), "pw")).isInstanceOf(AuthResult.Ok.class);
        }
    }

    @Test
    void columnsBecomeFieldsAsInDovecot() throws Exception {
        new SqlPassDbProvider().create(settings(Map.of())).close();
        sql("CREATE TABLE accounts (login VARCHAR(100), dom VARCHAR(100), pw VARCHAR(200), maildir VARCHAR(100), active INT)",
                "INSERT INTO accounts VALUES ('Dan', 'example.com', '{PLAIN}pw', '/srv/dan', 1)",
                "INSERT INTO accounts VALUES ('eve', 'example.com', '{PLAIN}pw', '/srv/eve', 0)",
                "INSERT INTO accounts VALUES ('dup', 'example.com', '{PLAIN}pw', '/a', 1)",
                "INSERT INTO accounts VALUES ('dup', 'example.com', '{PLAIN}pw', '/b', 1)",
                "INSERT INTO accounts VALUES ('nopw', 'example.com', NULL, '/c', 1)");
        String query = "SELECT login || '@' || dom AS \"user\", pw AS password, maildir AS userdb_home, "
                + "CASE WHEN active = 0 THEN 'y' END AS nologin FROM accounts "
                + "WHERE LOWER(login) = '%{user | username | lower}' AND dom = '%{user | domain}'";
        try (PassDb passDb = new SqlPassDbProvider().create(settings(Map.of("passdb_sql_query", query)))) {
            AuthResult dan = passDb.verifyPlain(request("DAN@example.com"), "pw");
            assertThat(dan).isEqualTo(new AuthResult.Ok("Dan@example.com", Map.of("userdb_home", "/srv/dan")));
            assertThat(passDb.verifyPlain(request("eve@example.com"), "pw"))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.DISABLED));
            assertThat(passDb.verifyPlain(request("dup@example.com"), "pw")).isInstanceOf(AuthResult.TempFail.class);
            assertThat(passDb.verifyPlain(request("nopw@example.com"), ""))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
        }
    }

    @Test
    void unprefixedPasswordsUseTheConfiguredDefaultScheme() throws Exception {
        new SqlPassDbProvider().create(settings(Map.of())).close();
        sql("INSERT INTO users (username, password) VALUES ('plain', 'pw')",
                "INSERT INTO users (username, password) VALUES ('sha', '5en6G6MezRroT3XKqkdPOmY/BfQ=')");
        try (PassDb plain = new SqlPassDbProvider().create(settings(Map.of()))) {
            assertThat(plain.verifyPlain(request("plain"), "pw")).isInstanceOf(AuthResult.Ok.class);
        }
        try (PassDb sha = new SqlPassDbProvider().create(settings(Map.of("passdb_default_password_scheme", "sha1")))) {
            assertThat(sha.verifyPlain(request("sha"), "secret")).isInstanceOf(AuthResult.Ok.class);
        }
    }

    @Test
    void badSettingsAreConfigurationErrors() {
        assertThatThrownBy(() -> new SqlPassDbProvider().create(new DriverSettings("sql", "x", Map.of())))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("sql_driver");
        assertThatThrownBy(() -> new SqlPassDbProvider().create(new DriverSettings("sql", "x", Map.of("sql_driver", "oracle"))))
                .isInstanceOf(AuthConfigException.class);
        assertThatThrownBy(() -> new SqlPassDbProvider().create(new DriverSettings("sql", "x",
                Map.of("sql_driver", "pgsql", "pgsql_parameters/dbname", "m"))))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("passdb_sql_query");
        assertThatThrownBy(() -> new SqlPassDbProvider().create(settings(Map.of("passdb_default_password_scheme", "ROT13"))))
                .isInstanceOf(AuthConfigException.class);
    }

    @Test
    void mysqlAndSqliteAreSelectable() throws Exception {
        Map<String, String> mysql = Map.of("sql_driver", "mysql", "mysql", "127.0.0.1", "mysql_port", "1",
                "mysql_dbname", "mail", "mysql_connect_timeout", "1s", "passdb_sql_query", "SELECT password FROM users WHERE u = '%{user}'");
        try (PassDb passDb = new SqlPassDbProvider().create(new DriverSettings("sql", "my", mysql))) {
            assertThat(passDb.verifyPlain(request("x"), "pw")).isInstanceOf(AuthResult.TempFail.class);
        }
        Map<String, String> sqlite = Map.of("sql_driver", "sqlite", "sqlite_path", dir.resolve("auth.sqlite").toString(),
                "passdb_sql_query", "SELECT 'x' AS \"user\", '{PLAIN}pw' AS password WHERE '%{user}' = 'x'");
        try (PassDb passDb = new SqlPassDbProvider().create(new DriverSettings("sql", "lite", sqlite))) {
            assertThat(passDb.verifyPlain(request("x"), "pw")).isInstanceOf(AuthResult.Ok.class);
            assertThat(passDb.verifyPlain(request("y"), "pw")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
        }
    }
}
