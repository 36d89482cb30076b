package org.colombier.auth.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The table of the embedded H2 default and the queries that read it, created on first start
 * ({@code CREATE TABLE IF NOT EXISTS}, so later starts leave the data alone).
 */
final class H2Schema {
    static final String PASSDB_QUERY = "SELECT username AS \"user\", password FROM users WHERE username = '%{user}'";
    static final String USERDB_QUERY = "SELECT home, uid, gid, mail_path, mail_driver, quota_storage_size "
            + "FROM users WHERE username = '%{user}'";
    static final String ITERATE_QUERY = "SELECT username AS \"user\" FROM users ORDER BY username";

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS users (
                username VARCHAR(255) NOT NULL PRIMARY KEY,
                password VARCHAR(1024),
                home VARCHAR(1024),
                uid INTEGER,
                gid INTEGER,
                mail_path VARCHAR(1024),
                mail_driver VARCHAR(64),
                quota_storage_size VARCHAR(64)
            )""";

    private H2Schema() {
    }

    static void create(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
    }
}
