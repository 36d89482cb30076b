package org.colombier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.colombier.server.testing.FreePort;
import org.colombier.config.ConfigLoader;
import org.colombier.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code colombier user add} in its own JVM while the server, in this one, holds the H2 user database open. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UserAddTest {
    @TempDir
    Path dir;

    @Test
    void aUserAddedWhileTheServerRunsCanLogInAtOnce() throws Exception {
        Path config = Files.writeString(dir.resolve("dovecot.conf"), String.join("\n",
                "dovecot_config_version = 2.4.0",
                "dovecot_storage_version = 2.4.0",
                "protocols = imap",
                "listen = 127.0.0.1",
                "ssl = no",
                "mail_driver = maildir",
                "mail_home = " + dir.resolve("mail") + "/%{user}",
                "mail_path = ~/Maildir",
                "sql_driver = h2",
                "h2_path = " + dir.resolve("auth-users"),
                "passdb sql {",
                "}",
                "userdb sql {",
                "}",
                "service imap-login {",
                "  inet_listener imap {",
                "    port = " + FreePort.pick(),
                "  }",
                "}") + "\n");
        Server server = Server.start(ConfigLoader.load(config));
        try {
            assertThat(server.services().authenticator().hasUsers()).isFalse();

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process add = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "-c", config.toString(), "user", "add", "carol")
                    .redirectErrorStream(true).start();
            add.getOutputStream().write("n3w s3cret\n".getBytes(StandardCharsets.UTF_8));
            add.getOutputStream().close();
            String output = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(add.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(add.exitValue()).as(output).isZero();
            assertThat(output).contains("user carol added to " + dir.resolve("auth-users") + ".mv.db");

            try (LineClient client = LineClient.connect(server.port("imap"))) {
                client.readLine();
                client.send("a LOGIN carol \"n3w s3cret\"");
                assertThat(client.readUntil("a ")).last().asString().startsWith("a OK");
            }
            assertThat(server.services().authenticator().hasUsers()).isTrue();
        } finally {
            server.stop();
        }
    }
}
