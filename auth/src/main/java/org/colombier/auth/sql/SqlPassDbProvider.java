package org.colombier.auth.sql;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.PassDbProvider;
import org.colombier.auth.DriverOptions;
import org.colombier.auth.PasswordCheck;

/**
 * {@code passdb sql}. Settings: {@code sql_driver} and its connection settings (see
 * {@link SqlDataSources}), {@code passdb_sql_query} (or {@code query} inside the section; defaults to
 * the H2 schema's query with {@code sql_driver = h2}), {@code passdb_default_password_scheme}
 * (default PLAIN), {@code auth_allow_weak_schemes}.
 */
public final class SqlPassDbProvider implements PassDbProvider {
    @Override
    public String driver() {
        return "sql";
    }

    @Override
    public PassDb create(DriverSettings settings) throws AuthConfigException {
        boolean h2 = SqlDataSources.driver(settings).equals("h2");
        String query = DriverOptions.firstOf(settings, "passdb_sql_query", "query");
        if (query == null && !h2) {
            throw new AuthConfigException("passdb sql " + settings.name() + ": passdb_sql_query is not set");
        }
        SqlQuery compiled = SqlQuery.compile(query == null ? H2Schema.PASSDB_QUERY : query);
        PasswordCheck check = PasswordCheck.fromSettings(settings, "PLAIN");
        SqlPool pool = SqlDataSources.open(settings);
        if (h2) {
            SqlProviders.createH2Schema(pool, settings);
        }
        return new SqlPassDb(pool, compiled, check);
    }
}
