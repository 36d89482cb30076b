package org.colombier.server.admin;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jdk.net.ExtendedSocketOptions;
import org.colombier.api.admin.AdminProtocol;
import org.colombier.config.ConfigException;
import org.colombier.server.net.LiveSessions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint: a Unix domain socket in {@code base_dir}, mode 0600, served by one accept
 * thread and two request threads (admin traffic is a handful of short requests). Only the user the
 * server runs as (and root) may talk to it: the file mode keeps others out, and the peer's
 * credentials ({@code SO_PEERCRED}) are checked again on every connection.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("doveadm-server");
    /** A client gets this long to send its request line. */
    private static final long REQUEST_TIMEOUT_MILLIS = 5000;

    private final Path socket;
    private final ServerSocketChannel channel;
    private final Map<String, AdminCommand> commands;
    private final ExecutorService requests = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(32), r -> daemon(r, "colombier-admin-request"), new ThreadPoolExecutor.AbortPolicy());
    private final String owner = System.getProperty("user.name");
    private final Thread acceptor;
    private volatile boolean closed;

    private final RecentLog log;

    private AdminServer(Path socket, ServerSocketChannel channel, Map<String, AdminCommand> commands, RecentLog log) {
        this.log = log;
        this.socket = socket;
        this.channel = channel;
        this.commands = commands;
        this.acceptor = daemon(this::acceptLoop, "colombier-admin");
    }

    /**
     * Binds {@code socket} with mode 0600 (bound under a private name, then renamed into place, so
     * it is never reachable with a wider mode) and starts serving. A socket file left by a server
     * that is gone is replaced; one a live server answers on is an error.
     */
    public static AdminServer start(Path socket, LiveSessions live, Reloader reload, Runnable stop, CacheFlusher flush)
            throws IOException {
        RecentLog log = RecentLog.attach();
        Map<String, AdminCommand> commands = Map.of(
                "auth-cache-flush", new AuthCacheFlushCommand(flush),
                "who", new WhoCommand(live),
                "kick", new KickCommand(live),
                "stats-dump", new StatsDumpCommand(live),
                "log-errors", new LogErrorsCommand(log),
                "reload", new ReloadCommand(reload),
                "stop", new StopCommand(stop));
        try {
            return start(socket, commands, log);
        } catch (IOException | RuntimeException e) {
            log.detach();
            throw e;
        }
    }

    /** What {@code reload} runs: re-reads the configuration; answers the setting groups that now apply. */
    @FunctionalInterface
    public interface Reloader {
        List<String> reload() throws ConfigException;
    }

    /** What {@code auth cache flush} runs: forgets the named users' cached answers (all with none); answers how many. */
    @FunctionalInterface
    public interface CacheFlusher {
        int flush(List<String> users);
    }

    private static AdminServer start(Path socket, Map<String, AdminCommand> commands, RecentLog log) throws IOException {
        Files.createDirectories(socket.getParent());
        if (Files.exists(socket)) {
            if (answers(socket)) {
                throw new IOException(socket + " is in use by a running server");
            }
            Files.delete(socket);
        }
        Path temporary = socket.resolveSibling("." + socket.getFileName() + "." + UUID.randomUUID());
        Files.deleteIfExists(temporary);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(temporary), 16);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, socket, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
        AdminServer server = new AdminServer(socket, channel, commands, log);
        server.acceptor.start();
        return server;
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path socket() {
        return socket;
    }

    /** The commands by name, for the other front door ({@link DoveadmHttpServer}). */
    Map<String, AdminCommand> commands() {
        return commands;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.error("admin socket {}: accept failed: {}", socket, e.getMessage());
                }
                return;
            }
            try {
                requests.execute(() -> serve(client));
            } catch (RuntimeException busy) {
                reply(client, "-75\tadmin server busy\n", List.of());
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String peer = peer(client);
            if (peer == null || !(peer.equals(owner) || peer.equals("root"))) {
                LOG.warn("admin socket: refused a connection from user {}", peer);
                reply(client, "-77\tpermission denied\n", List.of());
                return;
            }
            List<String> request;
            try {
                request = AdminProtocol.fields(readRequest(client));
            } catch (IllegalArgumentException e) {
                reply(client, "-64\t" + e.getMessage() + "\n", List.of());
                return;
            }
            AdminCommand command = commands.get(request.get(0));
            if (command == null) {
                reply(client, "-64\tunknown command: " + request.get(0) + "\n", List.of());
                return;
            }
            try {
                List<List<String>> rows = command.run(request.subList(1, request.size()));
                reply(client, "+\n", rows);
            } catch (AdminException e) {
                reply(client, "-" + e.status + "\t" + e.getMessage().replace('\n', ' ') + "\n", List.of());
            } catch (RuntimeException e) {
                LOG.error("admin command {} failed", request.get(0), e);
                reply(client, "-1\tinternal error: " + e + "\n", List.of());
            }
        } catch (IOException e) {
            LOG.debug("admin connection: {}", e.getMessage());
        }
    }

    private static String peer(SocketChannel client) {
        try {
            UnixDomainPrincipal principal = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return principal.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The request line, read without blocking past the timeout; too long, cut short or not UTF-8 is refused. */
    private static String readRequest(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(AdminProtocol.MAX_REQUEST + 1);
        client.configureBlocking(false);
        long deadline = System.currentTimeMillis() + REQUEST_TIMEOUT_MILLIS;
        try (Selector selector = Selector.open()) {
            client.register(selector, SelectionKey.OP_READ);
            while (true) {
                for (int i = 0; i < buffer.position(); i++) {
                    if (buffer.get(i) == '\n') {
                        return decode(buffer, i);
                    }
                }
                if (!buffer.hasRemaining()) {
                    throw new IllegalArgumentException("request longer than " + AdminProtocol.MAX_REQUEST + " bytes");
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new IllegalArgumentException("no request line within " + REQUEST_TIMEOUT_MILLIS + " ms");
                }
                selector.select(left);
                selector.selectedKeys().clear();
                if (client.read(buffer) < 0) {
                    throw new IllegalArgumentException("request line not terminated");
                }
            }
        } finally {
            client.configureBlocking(true);
        }
    }

    private static String decode(ByteBuffer buffer, int end) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer.array(), 0, end)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("request is not UTF-8");
        }
    }

    /**
     * Writes the answer, then reads away what the client sent beyond its request (briefly, bounded):
     * closing a Unix socket with unread input resets it, and the client would lose the answer.
     */
    private static void reply(SocketChannel client, String status, List<List<String>> rows) {
        StringBuilder out = new StringBuilder(status);
        rows.forEach(row -> out.append(AdminProtocol.line(row)));
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(out.toString());
        try {
            while (bytes.hasRemaining()) {
                client.write(bytes);
            }
            client.shutdownOutput();
            client.configureBlocking(false);
            ByteBuffer sink = ByteBuffer.allocate(8192);
            long deadline = System.currentTimeMillis() + 1000;
            try (Selector selector = Selector.open()) {
                client.register(selector, SelectionKey.OP_READ);
                int total = 0;
                while (total < 1 << 20 && System.currentTimeMillis() < deadline) {
                    selector.select(Math.max(1, deadline - System.currentTimeMillis()));
                    selector.selectedKeys().clear();
                    sink.clear();
                    int n = client.read(sink);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                }
            }
        } catch (IOException e) {
            LOG.debug("admin connection closed before the reply: {}", e.getMessage());
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("admin socket {}: {}", socket, e.getMessage());
        }
        requests.shutdown();
        log.detach();
    }
}
