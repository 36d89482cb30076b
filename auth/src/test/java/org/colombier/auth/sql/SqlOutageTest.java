package org.colombier.auth.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A database that cannot answer gives a temporary failure: never a crash, never "wrong password". */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqlOutageTest {
    private static final Map<String, String> QUERIES = Map.of(
            "passdb_sql_query", "SELECT username AS \"user\", password FROM users WHERE username = '%{user}'",
            "userdb_sql_query", "SELECT home, uid, gid FROM users WHERE username = '%{user}'");

    private static AuthRequest request(String user) {
        return new AuthRequest(user, "imap", InetAddress.getLoopbackAddress(), null, true);
    }

    @Test
    void aServerThatIsNotThereIsATemporaryFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>(QUERIES);
        settings.putAll(Map.of("sql_driver", "pgsql", "pgsql_host", "127.0.0.1", "pgsql_parameters/port",
                Integer.toString(closedPort), "pgsql_parameters/dbname", "mail", "pgsql_parameters/connect_timeout", "1"));
        DriverSettings down = new DriverSettings("sql", "down", settings);
        try (PassDb passDb = new SqlPassDbProvider().create(down); UserDb userDb = new SqlUserDbProvider().create(down)) {
            assertThat(passDb.verifyPlain(request("alice"), "secret")).isInstanceOf(AuthResult.TempFail.class);
            assertThat(passDb.lookupCredentials(request("alice"))).isInstanceOf(CredentialsResult.TempFail.class);
            assertThat(userDb.lookup("alice")).isInstanceOf(UserLookup.TempFail.class);
        }
    }

    @Test
    void aDatabaseStoppedWhileInUseIsATemporaryFailure() throws Exception {
        String reason = PostgresServer.unavailableReason();
        if (reason != null) {
            System.out.println("SKIP aDatabaseStoppedWhileInUseIsATemporaryFailure: " + reason);
        }
        assumeTrue(reason == null, reason);
        EmbeddedPostgres pg = PostgresServer.start();
        PassDb passDb;
        UserDb userDb;
        try {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (username TEXT PRIMARY KEY, password TEXT, home TEXT, uid INT, gid INT)");
                s.execute("INSERT INTO users VALUES ('alice', '{PLAIN}secret', '/srv/alice', 1000, 1000)");
            }
            passDb = new SqlPassDbProvider().create(PostgresServer.settings(pg, QUERIES));
            userDb = new SqlUserDbProvider().create(PostgresServer.settings(pg, QUERIES));
            assertThat(passDb.verifyPlain(request("alice"), "secret")).isInstanceOf(AuthResult.Ok.class);
            assertThat(userDb.lookup("alice")).isInstanceOf(UserLookup.Found.class);
        } finally {
            pg.close();
        }
        try (passDb; userDb) {
            assertThat(passDb.verifyPlain(request("alice"), "secret")).isInstanceOf(AuthResult.TempFail.class);
            assertThat(passDb.verifyPlain(request("alice"), "wrong")).isInstanceOf(AuthResult.TempFail.class);
            assertThat(passDb.lookupCredentials(request("alice"))).isInstanceOf(CredentialsResult.TempFail.class);
            assertThat(userDb.lookup("alice")).isInstanceOf(UserLookup.TempFail.class);
        }
    }
}
