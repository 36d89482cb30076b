package org.colombier.server;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.auth.scheme.PasswordSchemes;
import org.colombier.auth.sql.EmbeddedH2;
import org.colombier.config.ColombierConfig;
import org.colombier.server.auth.Authenticator;

/**
 * {@code colombier [-c FILE] user add NAME}: adds (or re-passwords) a user in the embedded H2 user
 * database that {@code passdb sql} with {@code sql_driver = h2} reads, until {@code doveadm} can.
 * The password is read from the terminal (or one line of standard input) and stored hashed
 * ({@code {CRYPT}}, Dovecot's default scheme). The file is opened as the server opens it
 * ({@link EmbeddedH2#url}, H2's mixed mode), so it works while the server runs.
 */
final class UserAdd {
    private static final String SCHEME = PasswordSchemes.DEFAULT_SCHEME;

    private UserAdd() {
    }

    /** The H2 database file of the first {@code passdb sql} on H2, or null when there is none. */
    static Path h2Database(ColombierConfig config) {
        for (DriverSettings d : config.passdbs()) {
            if (d.driver().equals("sql") && d.get("sql_driver", "").equals("h2")) {
                String path = d.get("h2_path", "");
                if (!path.isEmpty()) {
                    return Path.of(path).toAbsolutePath().normalize();
                }
                String stateDir = config.setting("state_dir").orElse(".");
                return Path.of(stateDir, "auth-users").toAbsolutePath().normalize();
            }
        }
        return null;
    }

    static int run(ColombierConfig config, String user, PrintStream out, PrintStream err)
            throws IOException, AuthConfigException {
        Path db = h2Database(config);
        if (db == null) {
            err.println("user add works with passdb sql on the embedded H2 database (sql_driver = h2) only");
            return Main.EX_USAGE;
        }
        if (user.isEmpty() || user.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            err.println("user add: invalid user name");
            return Main.EX_USAGE;
        }
        String password = readPassword(user);
        if (password == null || password.isEmpty()) {
            err.println("user add: no password given");
            return Main.EX_USAGE;
        }
        // creating the passdb creates the users table on first use
        Authenticator.create(config.passdbs(), config.userdbs(), config.auth(), "localhost").close();
        String hash = PasswordSchemes.defaults().generate(SCHEME, password);
        try (Connection c = DriverManager.getConnection(EmbeddedH2.url(db));
             PreparedStatement st = c.prepareStatement("MERGE INTO users (username, password) KEY (username) VALUES (?, ?)")) {
            st.setString(1, user);
            st.setString(2, hash);
            st.executeUpdate();
        } catch (SQLException e) {
            err.println("user add: cannot write " + db + ".mv.db: " + e.getMessage());
            return Main.EX_CONFIG;
        }
        out.println("user " + user + " added to " + db + ".mv.db");
        return 0;
    }

    private static String readPassword(String user) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] pw = console.readPassword("Password for %s: ", user);
            return pw == null ? null : new String(pw);
        }
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
