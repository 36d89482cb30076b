package org.colombier.auth.sql;

import com.zaxxer.hikari.HikariConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.auth.DriverOptions;

/**
 * A HikariCP pool from Dovecot 2.4 SQL settings. {@code sql_driver} picks the database:
 * <ul>
 * <li>{@code h2} (ours, the embedded default): {@code h2_path}, the database file without
 *     {@code .mv.db}; without it {@code state_dir/auth-users};</li>
 * <li>{@code pgsql}: {@code pgsql_host} (what {@code pgsql HOST { }} sets; the first of several),
 *     libpq parameters as {@code pgsql_parameters/NAME} or {@code parameters/NAME} ({@code port},
 *     {@code dbname}, {@code user}, {@code password}, {@code sslmode}, {@code connect_timeout}),
 *     {@code pgsql_connection_limit};</li>
 * <li>{@code mysql}: {@code mysql_host} (host or socket path; the first of several), {@code mysql_port},
 *     {@code mysql_dbname}, {@code mysql_user}, {@code mysql_password} (each also without the
 *     {@code mysql_} prefix, as written inside {@code mysql HOST { }}), {@code mysql_connection_limit},
 *     {@code mysql_connect_timeout};</li>
 * <li>{@code sqlite}: {@code sqlite_path}.</li>
 * </ul>
 * Passdbs and userdbs with equal connection settings share one pool. The pool starts even when
 * the database is down; lookups then fail temporarily once the connect timeout (default 5s) has
 * passed.
 */
final class SqlDataSources {
    private static final int DEFAULT_CONNECTIONS = 5;
    private static final long DEFAULT_TIMEOUT_MS = 5000;

    private SqlDataSources() {
    }

    static String driver(DriverSettings settings) throws AuthConfigException {
        return DriverOptions.required(settings, "sql_driver");
    }

    static SqlPool open(DriverSettings settings) throws AuthConfigException {
        HikariConfig config = new HikariConfig();
        String driver = driver(settings);
        long timeoutMs = DEFAULT_TIMEOUT_MS;
        int connections = DEFAULT_CONNECTIONS;
        switch (driver) {
            case "h2" -> config.setJdbcUrl(EmbeddedH2.url(h2Path(settings)));
            case "pgsql" -> {
                Map<String, String> p = pgsqlParameters(settings);
                String dbname = p.get("dbname");
                if (dbname == null) {
                    throw new AuthConfigException("sql_driver pgsql: pgsql_parameters dbname is not set");
                }
                String host = firstHost(DriverOptions.firstOf(settings, "pgsql_host", "pgsql"), p.getOrDefault("host", "localhost"));
                config.setJdbcUrl("jdbc:postgresql://" + host + ":" + p.getOrDefault("port", "5432") + "/" + dbname);
                setIfPresent(config, "user", p.get("user"));
                setIfPresent(config, "password", p.get("password"));
                setIfPresent(config, "sslmode", p.get("sslmode"));
                if (p.containsKey("connect_timeout")) {
                    timeoutMs = DriverOptions.millis(settings, "connect_timeout", p.get("connect_timeout"));
                }
                connections = DriverOptions.count(settings, "pgsql_connection_limit", DEFAULT_CONNECTIONS);
            }
            case "mysql" -> {
                String host = firstHost(DriverOptions.firstOf(settings, "mysql_host", "mysql"), "localhost");
                String dbname = DriverOptions.firstOf(settings, "mysql_dbname", "dbname");
                if (dbname == null) {
                    throw new AuthConfigException("sql_driver mysql: mysql_dbname is not set");
                }
                String port = DriverOptions.firstOf(settings, "mysql_port", "port");
                port = port == null || port.equals("0") ? "3306" : port;
                config.setJdbcUrl(host.startsWith("/")
                        ? "jdbc:mariadb://localhost/" + dbname + "?localSocket=" + host
                        : "jdbc:mariadb://" + host + ":" + port + "/" + dbname);
                setIfPresent(config, "user", DriverOptions.firstOf(settings, "mysql_user", "user"));
                setIfPresent(config, "password", DriverOptions.firstOf(settings, "mysql_password", "password"));
                String timeout = DriverOptions.firstOf(settings, "mysql_connect_timeout");
                if (timeout != null) {
                    timeoutMs = DriverOptions.millis(settings, "mysql_connect_timeout", timeout);
                }
                connections = DriverOptions.count(settings, "mysql_connection_limit", DEFAULT_CONNECTIONS);
            }
            case "sqlite" -> config.setJdbcUrl("jdbc:sqlite:" + DriverOptions.required(settings, "sqlite_path"));
            default -> throw new AuthConfigException("sql_driver " + driver + " is not one of h2, pgsql, mysql, sqlite");
        }
        config.setMaximumPoolSize(Math.max(1, connections));
        config.setMinimumIdle(0);
        // start even when the database is down: lookups then fail temporarily, the server still runs
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(Math.max(250, timeoutMs));
        return SqlPool.open(config);
    }

    private static Path h2Path(DriverSettings settings) throws AuthConfigException {
        String path = DriverOptions.firstOf(settings, "h2_path");
        if (path != null) {
            return Path.of(path);
        }
        String stateDir = DriverOptions.firstOf(settings, "state_dir");
        if (stateDir == null) {
            throw new AuthConfigException("sql_driver h2: h2_path is not set");
        }
        return Path.of(stateDir, "auth-users");
    }

    /** libpq parameters, from the global {@code pgsql_parameters { }} or the one inside {@code pgsql HOST { }}. */
    private static Map<String, String> pgsqlParameters(DriverSettings settings) {
        Map<String, String> p = new TreeMap<>(DriverOptions.group(settings, "parameters"));
        p.putAll(DriverOptions.group(settings, "pgsql_parameters"));
        return p;
    }

    /** Dovecot lists several hosts space-separated; the pool talks to the first (an IPv6 one bracketed). */
    private static String firstHost(String hosts, String fallback) {
        String host = hosts == null || hosts.isBlank() ? fallback : hosts.strip().split("\\s+")[0];
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
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
}
