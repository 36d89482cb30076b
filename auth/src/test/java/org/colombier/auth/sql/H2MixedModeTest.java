package org.colombier.auth.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 file is open in the server while doveadm, another JVM, reads and adds users. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H2MixedModeTest {
    @TempDir
    Path dir;

    static DriverSettings settings(Path file) {
        return new DriverSettings("sql", "users", Map.of("sql_driver", "h2", "h2_path", file.toString()));
    }

    @Test
    void aSecondProcessReadsAndWritesTheDatabaseTheFirstHoldsOpen() throws Exception {
        Path file = dir.resolve("auth-users");
        try (PassDb server = new SqlPassDbProvider().create(settings(file));
             Connection held = DriverManager.getConnection(EmbeddedH2.url(file));
             Statement s = held.createStatement()) {
            s.execute("INSERT INTO users (username, password) VALUES ('ann', '{PLAIN}secret')");

            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), OtherProcess.class.getName(), file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(other.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).as(output).isZero();
            assertThat(output).contains("ann: Ok");

            AuthResult bob = server.verifyPlain(new AuthRequest("bob", "imap", InetAddress.getLoopbackAddress(), null, true), "added");
            assertThat(bob).isInstanceOf(AuthResult.Ok.class);
        }
    }

    @Test
    void theMixedModeServerListensOnLoopbackOnly() throws Exception {
        Path file = dir.resolve("auth-users");
        try (PassDb server = new SqlPassDbProvider().create(settings(file))) {
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(dir.resolve("auth-users.lock.db"))) {
                lock.load(in);
            }
            int port = Integer.parseInt(lock.getProperty("server").replaceAll(".*:", ""));
            try (Socket loopback = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(loopback.isConnected()).isTrue();
            }
            List<InetAddress> others = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).toList();
            if (others.isEmpty()) {
                System.out.println("theMixedModeServerListensOnLoopbackOnly: no non-loopback address to try");
            }
            for (InetAddress other : others) {
                assertThatThrownBy(() -> new Socket(other, port).close()).as(other.toString()).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void twoIndependentPoolsInOneProcessShareTheFile() throws Exception {
        Path file = dir.resolve("auth-users");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(EmbeddedH2.url(file));
        try (UserDb userDb = new SqlUserDbProvider().create(settings(file));
             HikariDataSource other = new HikariDataSource(config);
             Connection c = other.getConnection();
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (username, password, home) VALUES ('cy', '{PLAIN}pw', '/srv/cy')");
            assertThat(userDb.lookup("cy")).isInstanceOf(UserLookup.Found.class);
        }
    }

    /** The doveadm side: its own JVM, its own pool, same file. */
    public static final class OtherProcess {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            try (PassDb passDb = new SqlPassDbProvider().create(settings(file))) {
                AuthResult ann = passDb.verifyPlain(new AuthRequest("ann", "doveadm", null, null, true), "secret");
                System.out.println("ann: " + ann.getClass().getSimpleName());
                try (Connection c = DriverManager.getConnection(EmbeddedH2.url(file));
                     Statement s = c.createStatement()) {
                    s.execute("INSERT INTO users (username, password) VALUES ('bob', '{PLAIN}added')");
                }
            }
            System.exit(0);
        }
    }
}
