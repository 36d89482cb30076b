package org.colombier.auth.sql;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserDbProvider;
import org.colombier.auth.DriverOptions;

/**
 * {@code userdb sql}. Settings: {@code sql_driver} and its connection settings (see
 * {@link SqlDataSources}), {@code userdb_sql_query} (or {@code query}), {@code userdb_sql_iterate_query}
 * (or {@code iterate_query}; without it {@code doveadm -A} lists nobody). Both default to the H2
 * schema's queries with {@code sql_driver = h2}.
 */
public final class SqlUserDbProvider implements UserDbProvider {
    @Override
    public String driver() {
        return "sql";
    }

    @Override
    public UserDb create(DriverSettings settings) throws AuthConfigException {
        boolean h2 = SqlDataSources.driver(settings).equals("h2");
        String query = DriverOptions.firstOf(settings, "userdb_sql_query", "query");
        String iterate = DriverOptions.firstOf(settings, "userdb_sql_iterate_query", "iterate_query");
        if (query == null && !h2) {
            throw new AuthConfigException("userdb sql " + settings.name() + ": userdb_sql_query is not set");
        }
        SqlQuery compiled = SqlQuery.compile(query == null ? H2Schema.USERDB_QUERY : query);
        SqlQuery compiledIterate = iterate != null ? SqlQuery.compile(iterate)
                : h2 ? SqlQuery.compile(H2Schema.ITERATE_QUERY) : null;
        SqlPool pool = SqlDataSources.open(settings);
        if (h2) {
            SqlProviders.createH2Schema(pool, settings);
        }
        return new SqlUserDb(pool, compiled, compiledIterate);
    }
}
