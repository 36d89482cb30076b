package org.colombier.auth.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Map;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.auth.DriverOptions;

/**
 * A HikariCP pool from Dovecot 2.4 SQL settings. {@code sql_driver} picks the database:
 * <ul>
 * <li>{@code h2} (ours, the embedded default): {@code h2_path}, the database file without {@code .mv.db};</li>
 * <li>{@code pgsql}: host from {@code pgsql} (the named filter, {@code pgsql HOST { ... }}) or
 *     {@code pgsql_parameters/host}; {@code pgsql_parameters/port}, {@code /dbname}, {@code /user},
 *     {@code /password}, {@code /sslmode};</li>
 * <li>{@code mysql}: {@code mysql} (host or socket path) or {@code mysql_host}; {@code mysql_port},
 *     {@code mysql_dbname}, {@code mysql_user}, {@code mysql_password};</li>
 * <li>{@code sqlite}: {@code sqlite_path}.</li>
 * </ul>
 * The pool starts even when the database is down; lookups then fail temporarily, and
 * {@code sql_connect_timeout} (seconds, default 5) bounds how long a lookup waits for a connection.
 */
final class SqlDataSources {
    private static final int POOL_SIZE = 8;

    private SqlDataSources() {
    }

    static String driver(DriverSettings settings) throws AuthConfigException {
        return DriverOptions.required(settings, "sql_driver");
    }

    static HikariDataSource create(DriverSettings settings) throws AuthConfigException {
        HikariConfig config = new HikariConfig();
        String driver = driver(settings);
        switch (driver) {
            case "h2" -> config.setJdbcUrl("jdbc:h2:file:" + Path.of(DriverOptions.required(settings, "h2_path")).toAbsolutePath());
            case "pgsql" -> pgsql(settings, config);
            case "mysql" -> mysql(settings, config);
            case "sqlite" -> config.setJdbcUrl("jdbc:sqlite:" + DriverOptions.required(settings, "sqlite_path"));
            default -> throw new AuthConfigException("sql_driver " + driver + " is not one of h2, pgsql, mysql, sqlite");
        }
        config.setPoolName("auth-" + settings.name());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(1000L * timeoutSeconds(settings));
        return new HikariDataSource(config);
    }

    private static void pgsql(DriverSettings settings, HikariConfig config) throws AuthConfigException {
        Map<String, String> p = DriverOptions.group(settings, "pgsql_parameters");
        String host = DriverOptions.firstOf(settings, "pgsql");
        host = host != null ? host : p.getOrDefault("host", "localhost");
        String dbname = p.get("dbname");
        if (dbname == null) {
            throw new AuthConfigException("sql_driver pgsql: pgsql_parameters/dbname is not set");
        }
        config.setJdbcUrl("jdbc:postgresql://" + host + ":" + p.getOrDefault("port", "5432") + "/" + dbname);
        setIfPresent(config, "user", p.get("user"));
        setIfPresent(config, "password", p.get("password"));
        setIfPresent(config, "sslmode", p.get("sslmode"));
    }

    private static void mysql(DriverSettings settings, HikariConfig config) throws AuthConfigException {
        String host = DriverOptions.firstOf(settings, "mysql", "mysql_host");
        host = host == null ? "localhost" : host;
        String dbname = DriverOptions.required(settings, "mysql_dbname");
        config.setJdbcUrl(host.startsWith("/")
                ? "jdbc:mariadb://localhost/" + dbname + "?localSocket=" + host
                : "jdbc:mariadb://" + host + ":" + settings.get("mysql_port", "3306") + "/" + dbname);
        setIfPresent(config, "user", settings.settings().get("mysql_user"));
        setIfPresent(config, "password", settings.settings().get("mysql_password"));
    }

    private static void setIfPresent(HikariConfig config, String property, String value) {
        if (value == null) {
            return;
        }
        switch (property) {
            case "user" -> config.setUsername(value);
            case "password" -> config.setPassword(value);
            default -> config.addDataSourceProperty(property, value);
        }
    }

    private static int timeoutSeconds(DriverSettings settings) throws AuthConfigException {
        String value = settings.get("sql_connect_timeout", "5");
        try {
            int seconds = Integer.parseInt(value.strip());
            if (seconds < 1) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new AuthConfigException("sql_connect_timeout must be a positive number of seconds, not " + value);
        }
    }
}
