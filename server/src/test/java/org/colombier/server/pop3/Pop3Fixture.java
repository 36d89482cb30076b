package org.colombier.server.pop3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.colombier.api.auth.DriverSettings;
import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.config.AuthSettings;
import org.colombier.config.ColombierConfig;
import org.colombier.server.Server;
import org.colombier.server.ServerOptions;
import org.colombier.server.testing.TestConfig;

/**
 * A server with passwd-file users {@code alice} and {@code bob} (password {@code secret}, stored in
 * cleartext so APOP and CRAM-MD5 work) whose mail is {@code ~/Maildir} under a temporary directory,
 * and a second store instance on the same Maildirs to deliver and inspect mail from the outside,
 * as an MDA or Dovecot would.
 */
final class Pop3Fixture implements AutoCloseable {
    static final String PASSWORD = "secret";

    private final Path dir;
    private final TestConfig config;
    private List<String> mechanisms = List.of("plain", "login", "cram-md5", "scram-sha-256", "apop");
    private Server server;

    Pop3Fixture(Path dir, TestConfig config) throws IOException {
        this.dir = dir;
        this.config = config;
        StringBuilder users = new StringBuilder();
        for (String user : List.of("alice", "bob")) {
            Files.createDirectories(home(user));
            users.append(user).append(":{PLAIN}").append(PASSWORD).append("::::").append(home(user)).append("::\n");
        }
        Files.writeString(dir.resolve("users"), users.toString());
        config.set("mail_driver", "maildir", 10).set("mail_path", "~/Maildir", 11);
    }

    Pop3Fixture(Path dir) throws IOException {
        this(dir, TestConfig.noTls());
    }

    Pop3Fixture mechanisms(String... names) {
        mechanisms = List.of(names);
        return this;
    }

    Pop3Fixture pop3Setting(String name, String value) {
        config.setFor("pop3", name, value, 50);
        return this;
    }

    Path home(String user) {
        return dir.resolve("home").resolve(user);
    }

    Path maildir(String user) {
        return home(user).resolve("Maildir");
    }

    ColombierConfig build() {
        ColombierConfig c = config.build();
        Map<String, String> passwd = Map.of("passwd_file_path", dir.resolve("users").toString(),
                "passdb_default_password_scheme", "PLAIN");
        return new ColombierConfig(c.source(), c.protocols(), c.listen(), c.ssl(),
                new AuthSettings(c.auth().allowCleartext(), mechanisms, false, Duration.ofMillis(100)),
                c.mail(), c.services(), List.of(new DriverSettings("passwd-file", "passwd", passwd)),
                List.of(new DriverSettings("passwd-file", "passwd", passwd)), c.namespaces(), c.global(),
                c.perProtocol(), c.warnings(), c.sieveScripts());
    }

    Server start() throws Exception {
        return start(ServerOptions.DEFAULTS);
    }

    Server start(ServerOptions options) throws Exception {
        stop();
        server = Server.start(build(), options);
        return server;
    }

    int port() {
        return server.port("pop3");
    }

    int port(String listener) {
        return server.port(listener);
    }

    Pop3Wire connect() throws IOException {
        return Pop3Wire.connect(port());
    }

    /** A logged-in client of {@code user}. */
    Pop3Wire login(String user) throws IOException {
        Pop3Wire client = connect();
        client.expectOk();
        client.command("USER " + user);
        client.command("PASS " + PASSWORD);
        return client;
    }

    void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Runs {@code action} on the user's INBOX through a store of its own (an outside writer). */
    <T> T inbox(String user, StoreAction<T> action) throws StoreException {
        try (MailStore store = MailStoreProvider.forDriver("maildir").open(new MailStoreSettings("maildir", "optimized", Map.of()));
             UserMailboxes mailboxes = store.forUser(new MailUser(user, home(user), maildir(user), Map.of()));
             Mailbox inbox = mailboxes.open(MailboxPath.INBOX)) {
            return action.run(inbox);
        }
    }

    interface StoreAction<T> {
        T run(Mailbox inbox) throws StoreException;
    }

    /** Delivers messages (CRLF line endings) and returns their UIDs. */
    List<Long> deliver(String user, String... messages) throws StoreException {
        return inbox(user, inbox -> {
            List<Long> uids = new ArrayList<>();
            for (String m : messages) {
                uids.add(inbox.append(AppendRequest.of(MessageSource.of(m.getBytes(StandardCharsets.UTF_8)))).uid());
            }
            return uids;
        });
    }

    List<MessageInfo> messages(String user) throws StoreException {
        return inbox(user, inbox -> inbox.messages(UidSet.all()));
    }

    static String message(int i) {
        return "From: sender@example.org\r\nTo: alice@example.org\r\nSubject: message " + i + "\r\n"
                + "Message-ID: <" + i + "@example.org>\r\n\r\nBody of message " + i + ".\r\n.leading dot\r\n";
    }

    @Override
    public void close() {
        stop();
    }
}
