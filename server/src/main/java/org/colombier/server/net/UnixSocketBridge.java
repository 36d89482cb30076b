package org.colombier.server.net;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.vmpipe.VmPipeAcceptor;
import org.apache.mina.transport.vmpipe.VmPipeAddress;
import org.apache.mina.transport.vmpipe.VmPipeConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code unix_listener}: MINA has no AF_UNIX transport, so one selector thread accepts on the
 * socket and joins each client to an in-JVM {@link VmPipeAcceptor} that carries the same filter
 * chain and session handler as the inet listeners. No thread is parked per connection; the bridge
 * reads a client only while its session reads (the input throttle's suspension is honoured), so
 * at most one read buffer per connection is held beyond what the inet path holds.
 */
final class UnixSocketBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketBridge.class);
    private static final int BUFFER = 16 * 1024;
    /** How often clients paused by a busy session are checked again. */
    private static final long PAUSE_CHECK_MILLIS = 20;

    private final Path path;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final VmPipeAcceptor acceptor;
    private final VmPipeAddress target;
    private final VmPipeConnector connector = new VmPipeConnector();
    /** Work handed to the selector thread by MINA's threads (replies to write, closes). */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Client> paused = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(BUFFER);
    private final Thread thread;
    private volatile boolean running = true;

    /** One client: its socket, its pipe session and the replies not yet written. */
    private static final class Client {
        final SocketChannel channel;
        final Queue<ByteBuffer> out = new ArrayDeque<>();
        IoSession pipe;
        IoSession serverSide;
        SelectionKey key;
        boolean serverClosed;

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private UnixSocketBridge(Path path, ServerSocketChannel server, Selector selector, VmPipeAcceptor acceptor,
                             VmPipeAddress target) {
        this.path = path;
        this.server = server;
        this.selector = selector;
        this.acceptor = acceptor;
        this.target = target;
        this.connector.setHandler(new PipeHandler());
        this.thread = new Thread(this::loop, "colombier-unix-" + path.getFileName());
        this.thread.setDaemon(true);
    }

    /**
     * Binds {@code path} with {@code mode}; a stale socket file left by a crash is replaced, a
     * socket some process still listens on is an error.
     */
    static UnixSocketBridge open(Path path, int mode, VmPipeAcceptor acceptor, VmPipeAddress target) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        if (Files.exists(path)) {
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                throw new IOException(path + " is in use by another process");
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().endsWith("in use by another process")) {
                    throw e;
                }
                Files.delete(path);
            }
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open();
        try {
            server.bind(UnixDomainSocketAddress.of(path), Acceptors.LISTEN_BACKLOG);
            Files.setPosixFilePermissions(path, permissions(mode));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            selector.close();
            Files.deleteIfExists(path);
            throw e;
        }
        UnixSocketBridge bridge = new UnixSocketBridge(path, server, selector, acceptor, target);
        bridge.thread.start();
        return bridge;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    Path path() {
        return path;
    }

    /** Stops accepting and removes the socket file; open connections go on until their sessions end. */
    void stopAccepting() {
        tasks.add(() -> {
            try {
                server.close();
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", path, e.getMessage());
            }
        });
        selector.wakeup();
    }

    private void loop() {
        while (running) {
            try {
                selector.select(paused.isEmpty() ? 0 : PAUSE_CHECK_MILLIS);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                resumePaused();
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                LOG.error("unix listener {}: {}", path, e.toString());
            }
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            accept();
            return;
        }
        Client client = (Client) key.attachment();
        try {
            if (key.isWritable()) {
                flush(client);
            }
            if (key.isValid() && key.isReadable()) {
                read(client);
            }
        } catch (IOException e) {
            // the client went away
            close(client);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel = server.accept();
        if (channel == null) {
            return;
        }
        channel.configureBlocking(false);
        Client client = new Client(channel);
        client.key = channel.register(selector, SelectionKey.OP_READ, client);
        // attached before the session opens, so the greeting already finds its client
        client.pipe = connector.connect(target, (session, future) -> session.setAttribute(Client.class, client))
                .awaitUninterruptibly().getSession();
        for (IoSession session : acceptor.getManagedSessions().values()) {
            if (session.getRemoteAddress().equals(client.pipe.getLocalAddress())) {
                client.serverSide = session;
            }
        }
    }

    private void read(Client client) throws IOException {
        if (client.serverSide != null && client.serverSide.isReadSuspended()) {
            client.key.interestOps(client.key.interestOps() & ~SelectionKey.OP_READ);
            paused.add(client);
            return;
        }
        readBuffer.clear();
        int n = client.channel.read(readBuffer);
        if (n < 0) {
            client.key.interestOps(client.key.interestOps() & ~SelectionKey.OP_READ);
            client.pipe.closeOnFlush();
            return;
        }
        readBuffer.flip();
        byte[] bytes = new byte[readBuffer.remaining()];
        readBuffer.get(bytes);
        client.pipe.write(IoBuffer.wrap(bytes));
    }

    private void resumePaused() {
        paused.removeIf(client -> {
            if (!client.key.isValid()) {
                return true;
            }
            if (client.serverSide.isReadSuspended()) {
                return false;
            }
            client.key.interestOps(client.key.interestOps() | SelectionKey.OP_READ);
            return true;
        });
    }

    private void flush(Client client) throws IOException {
        while (!client.out.isEmpty()) {
            ByteBuffer head = client.out.peek();
            client.channel.write(head);
            if (head.hasRemaining()) {
                return;
            }
            client.out.poll();
        }
        if (client.serverClosed) {
            close(client);
        } else if (client.key.isValid()) {
            client.key.interestOps(client.key.interestOps() & ~SelectionKey.OP_WRITE);
        }
    }

    private void close(Client client) {
        client.key.cancel();
        try {
            client.channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (!client.serverClosed) {
            client.pipe.closeNow();
        }
    }

    /** The client's end of each pipe: what the session writes goes out to the socket. */
    private final class PipeHandler extends IoHandlerAdapter {
        @Override
        public void messageReceived(IoSession session, Object message) {
            Client client = (Client) session.getAttribute(Client.class);
            IoBuffer buffer = (IoBuffer) message;
            ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
            copy.put(buffer.buf()).flip();
            tasks.add(() -> {
                client.out.add(copy);
                if (client.key.isValid()) {
                    client.key.interestOps(client.key.interestOps() | SelectionKey.OP_WRITE);
                }
            });
            selector.wakeup();
        }

        @Override
        public void sessionClosed(IoSession session) {
            Client client = (Client) session.getAttribute(Client.class);
            if (client == null) {
                return;
            }
            tasks.add(() -> {
                client.serverClosed = true;
                if (client.out.isEmpty() || !client.key.isValid()) {
                    close(client);
                } else {
                    client.key.interestOps(SelectionKey.OP_WRITE);
                }
            });
            selector.wakeup();
        }
    }

    /** Ends the thread and every remaining connection; called once the sessions are gone. */
    @Override
    public void close() {
        stopAccepting();
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            selector.close();
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", path, e.getMessage());
        }
        connector.dispose();
    }
}
