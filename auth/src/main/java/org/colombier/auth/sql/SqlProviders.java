package org.colombier.auth.sql;

import java.sql.SQLException;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;

/** What the SQL passdb and userdb providers share at start. */
final class SqlProviders {
    private SqlProviders() {
    }

    /** The embedded database is ours: make its table on first start; failing that, the config cannot work. */
    static void createH2Schema(SqlPool pool, DriverSettings settings) throws AuthConfigException {
        try {
            H2Schema.create(pool.dataSource());
        } catch (SQLException e) {
            pool.close();
            throw new AuthConfigException("sql " + settings.name() + ": cannot create the H2 users table: " + e.getMessage(), e);
        }
    }
}
