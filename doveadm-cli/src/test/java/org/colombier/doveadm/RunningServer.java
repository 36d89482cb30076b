package org.colombier.doveadm;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.colombier.config.ConfigLoader;
import org.colombier.server.Server;

/**
 * A real server for the doveadm end-to-end tests, from a dovecot.conf in the test's directory:
 * IMAP, POP3 and LMTP on free 127.0.0.1 ports, passwd-file users alice and bob (password
 * {@code secret}), Maildir under the directory, the admin socket in its own base_dir.
 */
final class RunningServer implements AutoCloseable {
    final Path dir;
    final Path conf;
    final Server server;

    record Run(int status, String out, String err) {
    }

    private RunningServer(Path dir, Path conf, Server server) {
        this.dir = dir;
        this.conf = conf;
        this.server = server;
    }

    static Path writeConfig(Path dir) throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret::::::\nbob:{PLAIN}secret::::::\n");
        return Files.writeString(dir.resolve("dovecot.conf"), """
                protocols = imap pop3 lmtp
                listen = 127.0.0.1
                ssl = no
                auth_allow_cleartext = yes
                base_dir = %1$s/run
                state_dir = %1$s/state
                mail_driver = maildir
                mail_home = %1$s/mail/%%{user}
                mail_path = ~/Maildir
                passdb passwd-file {
                  passwd_file_path = %2$s
                }
                userdb passwd-file {
                  passwd_file_path = %2$s
                }
                service imap-login {
                  inet_listener imap {
                    port = %3$d
                  }
                }
                service pop3-login {
                  inet_listener pop3 {
                    port = %4$d
                  }
                }
                service lmtp {
                  inet_listener lmtp {
                    port = %5$d
                  }
                }
                """.formatted(dir, users, freePort(), freePort(), freePort()));
    }

    /** A loopback port free a moment ago: in a dovecot.conf {@code port = 0} turns a listener off, as in Dovecot. */
    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static RunningServer start(Path dir) throws Exception {
        return start(dir, "maildir");
    }

    /** A server whose users' mail uses {@code mailDriver} ({@code maildir} or {@code sdbox}). */
    static RunningServer start(Path dir, String mailDriver) throws Exception {
        Path conf = writeConfig(dir);
        Files.writeString(conf, Files.readString(conf).replace("mail_driver = maildir", "mail_driver = " + mailDriver));
        return new RunningServer(dir, conf, Server.start(ConfigLoader.load(conf)));
    }

    /** A server whose configuration starts with the global {@code settings} (lines of {@code name = value}). */
    static RunningServer startWith(Path dir, String settings) throws Exception {
        Path conf = writeConfig(dir);
        Files.writeString(conf, settings + Files.readString(conf));
        return new RunningServer(dir, conf, Server.start(ConfigLoader.load(conf)));
    }

    /** Runs {@code doveadm -c CONF args...} in this JVM. */
    Run doveadm(String... args) {
        return doveadmWithInput("", args);
    }

    Run doveadmWithInput(String stdin, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = conf.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Doveadm.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    /** A plain connection to the named listener, its greeting read. */
    Client connect(String listener) throws IOException {
        Client client = new Client(new Socket(InetAddress.getLoopbackAddress(), server.port(listener)));
        client.readLine();
        return client;
    }

    /** An IMAP connection logged in as {@code user}. */
    Client imapLogin(String user) throws IOException {
        Client client = connect("imap");
        client.send("a LOGIN " + user + " secret");
        String line;
        do {
            line = client.readLine();
        } while (line != null && !line.startsWith("a "));
        if (line == null || !line.startsWith("a OK")) {
            throw new IOException("login failed: " + line);
        }
        return client;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** A line-oriented socket client. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            this.out = socket.getOutputStream();
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        String readLine() throws IOException {
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
