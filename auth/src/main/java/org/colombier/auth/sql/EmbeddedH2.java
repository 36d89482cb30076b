package org.colombier.auth.sql;

import java.nio.file.Path;

/**
 * The JDBC URL of the embedded H2 user database, for the SQL drivers and for tools that write
 * users ({@code colombier user add}): every process must open the file the same way.
 */
public final class EmbeddedH2 {
    static {
        // H2's mixed-mode TCP server would otherwise listen on every interface; only local
        // processes (doveadm) may use it. Read once, when H2 first starts a server.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private EmbeddedH2() {
    }

    /**
     * The database at {@code file} (without {@code .mv.db}) in H2's mixed mode: the first process to
     * open the file serves it to the others over TCP on 127.0.0.1 (the port and a random key are in
     * the {@code .lock.db} file), so {@code doveadm} can read and change users while the server runs.
     */
    public static String url(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }
}
