package org.colombier.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.colombier.config.ColombierConfig;
import org.colombier.server.Server;
import org.colombier.server.ServerOptions;

/**
 * A running server for IMAP end-to-end tests: loopback, port 0, no TLS, users from a passwd-file
 * ({@code alice:secret}, {@code bob:secret} unless given), Maildir under the test's directory.
 */
public final class ImapServerFixture implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "secret";

    private final Server server;
    private final Path mail;

    private ImapServerFixture(Server server, Path mail) {
        this.server = server;
        this.mail = mail;
    }

    public static ImapServerFixture start(Path dir) throws Exception {
        return start(dir, TestConfig.noTls());
    }

    /** Starts with {@code base} plus the users and mail settings. */
    public static ImapServerFixture start(Path dir, TestConfig base) throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "alice:{PLAIN}secret::::::\nbob:{PLAIN}secret::::::\n");
        Path mail = dir.resolve("mail");
        Files.createDirectories(mail);
        ColombierConfig config = base.users(users, mail).build();
        return new ImapServerFixture(Server.start(config, ServerOptions.DEFAULTS), mail);
    }

    public Server server() {
        return server;
    }

    public int port() {
        return server.port("imap");
    }

    /** Where the user's Maildir is. */
    public Path maildir(String user) {
        return mail.resolve(user).resolve("Maildir");
    }

    public LineClient connect() throws IOException {
        return LineClient.connect(port());
    }

    /** A client logged in as {@code user} with its greeting and login reply read. */
    public LineClient login(String user) throws IOException {
        LineClient client = connect();
        client.readLine();
        client.send("l0 LOGIN " + user + " " + PASSWORD);
        client.readUntil("l0 ");
        return client;
    }

    @Override
    public void close() {
        server.stop();
    }
}
