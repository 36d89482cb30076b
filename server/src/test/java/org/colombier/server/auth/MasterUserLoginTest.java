package org.colombier.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.config.ConfigLoader;
import org.colombier.server.Server;
import org.colombier.server.ServerOptions;
import org.colombier.server.testing.FreePort;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Master users over real IMAP and POP3 sockets, configured as in Dovecot's documentation: a
 * {@code master = yes} passwd-file with {@code result_success = continue} and
 * {@code auth_master_user_separator = *}. The session is the login user's: her mailbox, her
 * {@code doveadm who} entry; the log names both. IMAP clients quote {@code "alice*admin"}: a
 * {@code *} is not an atom character (RFC 3501).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MasterUserLoginTest {
    private static final String ALICE_PW = "alice-0e7a";
    private static final String ADMIN_PW = "admin-5b2c";
    private static final String API_KEY = "k3y-master";

    @TempDir
    Path dir;
    private Server server;

    @BeforeEach
    void start() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}" + ALICE_PW + "::::::\n");
        Path masters = Files.writeString(dir.resolve("masters"), "admin:{PLAIN}" + ADMIN_PW + "::::::\n");
        Path inbox = dir.resolve("mail/alice/Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(inbox.resolve(sub));
        }
        Files.writeString(inbox.resolve("new/1700000000.M1P1.test"),
                "From: bob@example.com\r\nTo: alice@example.com\r\nSubject: for alice\r\n\r\nhello\r\n");
        Path config = Files.writeString(dir.resolve("dovecot.conf"), String.join("\n",
                "dovecot_config_version = 2.4.0",
                "dovecot_storage_version = 2.4.0",
                "protocols = imap pop3",
                "listen = 127.0.0.1",
                "ssl = no",
                "base_dir = " + dir.resolve("run"),
                "mail_driver = maildir",
                "mail_home = " + dir.resolve("mail") + "/%{user}",
                "mail_path = ~/Maildir",
                "mail_fsync = never",
                "auth_mechanisms = plain login",
                "auth_failure_delay = 0",
                "auth_master_user_separator = *",
                "doveadm_api_key = " + API_KEY,
                "passdb masters {",
                "  driver = passwd-file",
                "  passwd_file_path = " + masters,
                "  master = yes",
                "  result_success = continue",
                "}",
                "passdb users {",
                "  driver = passwd-file",
                "  passwd_file_path = " + users,
                "}",
                "userdb users {",
                "  driver = passwd-file",
                "  passwd_file_path = " + users,
                "}",
                "service imap-login {",
                "  inet_listener imap {",
                "    port = " + FreePort.pick(),
                "  }",
                "}",
                "service pop3-login {",
                "  inet_listener pop3 {",
                "    port = " + FreePort.pick(),
                "  }",
                "}",
                "service doveadm {",
                "  inet_listener http {",
                "    address = 127.0.0.1",
                "    port = " + FreePort.pick(),
                "  }",
                "}") + "\n");
        server = Server.start(ConfigLoader.load(config), ServerOptions.DEFAULTS);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private LineClient imap() throws Exception {
        LineClient client = LineClient.connect(server.port("imap"));
        client.readLine();
        return client;
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void imapLoginAsUserStarMasterOpensTheUsersMailboxAndWhoShowsTheUser() throws Exception {
        try (LogCapture log = new LogCapture(); LineClient client = imap()) {
            client.send("a LOGIN \"alice*admin\" " + ADMIN_PW);
            assertThat(last(client.readUntil("a "))).startsWith("a OK");
            client.send("b SELECT INBOX");
            List<String> select = client.readUntil("b ");
            assertThat(select).contains("* 1 EXISTS");
            assertThat(last(select)).startsWith("b OK");
            client.send("c FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertThat(String.join("\n", client.readUntil("c "))).contains("Subject: for alice");

            String who = post("[[\"who\", {}, \"t1\"]]");
            assertThat(who).contains("\"username\":\"alice\"").doesNotContain("admin");
            assertThat(log.lines()).anyMatch(l -> l.contains("login: user=<alice>, master=<admin>"));
            assertThat(String.join("\n", log.lines())).doesNotContain(ADMIN_PW);
        }
    }

    @Test
    void aWrongMasterPasswordOrTheUsersOwnPasswordAsMasterIsRefused() throws Exception {
        try (LineClient client = imap()) {
            client.send("a LOGIN \"alice*admin\" " + ALICE_PW);
            assertThat(last(client.readUntil("a "))).startsWith("a NO [AUTHENTICATIONFAILED]");
            client.send("b LOGIN admin " + ADMIN_PW);
            assertThat(last(client.readUntil("b "))).as("a master cannot log in as itself").startsWith("b NO");
            client.send("c LOGIN \"nobody*admin\" " + ADMIN_PW);
            assertThat(last(client.readUntil("c "))).as("the login user must exist").startsWith("c NO");
            client.send("d LOGIN alice " + ALICE_PW);
            assertThat(last(client.readUntil("d "))).startsWith("d OK");
        }
    }

    @Test
    void authenticatePlainWithAnAuthorizationIdentityIsAMasterLogin() throws Exception {
        try (LineClient client = imap()) {
            client.send("a AUTHENTICATE PLAIN " + b64("alice\0admin\0" + ADMIN_PW));
            assertThat(last(client.readUntil("a "))).startsWith("a OK");
            client.send("b SELECT INBOX");
            assertThat(client.readUntil("b ")).contains("* 1 EXISTS");
        }
        try (LineClient client = imap()) {
            client.send("a AUTHENTICATE PLAIN " + b64("alice\0admin\0" + ALICE_PW));
            assertThat(last(client.readUntil("a "))).startsWith("a NO");
        }
    }

    @Test
    void pop3UserPassWithTheSeparatorIsAMasterLogin() throws Exception {
        try (LineClient client = LineClient.connect(server.port("pop3"))) {
            assertThat(client.readLine()).startsWith("+OK");
            client.send("USER alice*admin");
            assertThat(client.readLine()).startsWith("+OK");
            client.send("PASS " + ADMIN_PW);
            assertThat(client.readLine()).startsWith("+OK");
            client.send("STAT");
            assertThat(client.readLine()).startsWith("+OK 1 ");
            client.send("QUIT");
            assertThat(client.readLine()).startsWith("+OK");
        }
    }

    private String post(String body) throws Exception {
        InetSocketAddress address = server.doveadmHttpAddresses().get(0);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + "/doveadm/v1"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "X-Dovecot-API " + b64(API_KEY))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
