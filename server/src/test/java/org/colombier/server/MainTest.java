package org.colombier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.colombier.server.testing.FreePort;
import org.colombier.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Main as an admin runs it: a separate JVM, a config file, exit statuses and signals. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainTest {
    @TempDir
    Path dir;

    private Process main(Path config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-c", config.toString())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    private static String conf(String... lines) {
        return String.join("\n", List.of("dovecot_config_version = 2.4.0", "dovecot_storage_version = 2.4.0")) + "\n"
                + String.join("\n", lines) + "\n";
    }

    @Test
    void aConfigErrorExits89WithFileAndLineBeforeAnyPortIsOpened() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the listener's port is already taken: had Main bound it before validating TLS, it would
            // report a bind failure instead of the configuration error
            Path config = Files.writeString(dir.resolve("dovecot.conf"), conf(
                    "protocols = imap",
                    "listen = 127.0.0.1",
                    "ssl = yes",
                    "ssl_server_cert_file = " + dir.resolve("missing.crt"),
                    "ssl_server_key_file = " + dir.resolve("missing.key"),
                    "service imap-login {",
                    "  inet_listener imap {",
                    "    port = " + taken.getLocalPort(),
                    "  }",
                    "}"));
            Process process = main(config);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(Main.EX_CONFIG);
            String stderr = Files.readString(dir.resolve("stderr.txt"));
            assertThat(stderr).startsWith(config + ":6: ")
                    .contains("missing.crt")
                    .doesNotContain("bind");
        }
    }

    @Test
    void aSyntaxErrorExits89WithFileAndLine() throws Exception {
        Path config = Files.writeString(dir.resolve("broken.conf"), conf("protocols = imap", "service imap-login {"));
        Process process = main(config);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(Main.EX_CONFIG);
        assertThat(Files.readString(dir.resolve("stderr.txt"))).matches("(?s)" + Pattern.quote(config.toString()) + ":\\d+: .+");
    }

    @Test
    void sigtermStopsGracefullyWithAGoodbye() throws Exception {
        Path config = Files.writeString(dir.resolve("dovecot.conf"), conf(
                "protocols = imap lmtp",
                "listen = 127.0.0.1",
                "ssl = no",
                "service imap-login {",
                "  inet_listener imap {",
                "    port = " + FreePort.pick(),
                "  }",
                "}",
                "service lmtp {",
                "  inet_listener lmtp {",
                "    port = " + FreePort.pick(),
                "  }",
                "}"));
        Process process = main(config);
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Matcher imap = Pattern.compile("imap-login: listening on 127\\.0\\.0\\.1:(\\d+) \\(imap\\)").matcher(stdout.readLine());
            assertThat(imap.matches()).isTrue();
            assertThat(stdout.readLine()).matches("lmtp: listening on 127\\.0\\.0\\.1:\\d+ \\(lmtp\\)");
            try (LineClient client = LineClient.connect(Integer.parseInt(imap.group(1)))) {
                assertThat(client.readLine()).startsWith("* OK [CAPABILITY IMAP4rev1 ");
                process.destroy(); // SIGTERM
                assertThat(client.readLine()).isEqualTo("* BYE Server shutting down.");
                assertThat(client.readLine()).isNull();
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("stderr.txt")))
                    .contains("Shutting down")
                    .contains("Disconnected: Server shutting down (no auth attempts in ")
                    .contains("Stopped");
        } finally {
            process.destroyForcibly();
        }
    }
}
