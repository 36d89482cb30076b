package org.colombier.auth.sql;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.colombier.api.auth.AuthDbContract;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The SQL drivers on a real PostgreSQL, with Dovecot-style quoted queries. */
class SqlPostgresContractTest extends AuthDbContract {
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        String reason = PostgresServer.unavailableReason();
        if (reason != null) {
            System.out.println("SKIP SqlPostgresContractTest: " + reason);
        }
        assumeTrue(reason == null, reason);
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static DriverSettings settings() {
        return PostgresServer.settings(pg, Map.of(
                "passdb_sql_query", "SELECT username AS \"user\", password FROM users WHERE username = '%{user}'",
                "userdb_sql_query", "SELECT home, uid, gid, mail_path FROM users WHERE username = '%{user}'",
                "userdb_sql_iterate_query",
                "SELECT split_part(username, '@', 1) AS username, split_part(username, '@', 2) AS domain FROM users"));
    }

    @Override
    protected PassDb openPassDb(List<ContractUser> users) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS users");
            s.execute("CREATE TABLE users (username TEXT PRIMARY KEY, password TEXT, home TEXT, uid INTEGER, "
                    + "gid INTEGER, mail_path TEXT)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)")) {
                for (ContractUser u : users) {
                    insert.setString(1, u.name());
                    insert.setString(2, u.storedPassword());
                    insert.setString(3, u.home());
                    insert.setInt(4, u.uid());
                    insert.setInt(5, u.gid());
                    insert.setString(6, u.mailPath());
                    insert.executeUpdate();
                }
            }
        }
        return new SqlPassDbProvider().create(settings());
    }

    @Override
    protected UserDb openUserDb(List<ContractUser> users) throws Exception {
        return new SqlUserDbProvider().create(settings());
    }
}
