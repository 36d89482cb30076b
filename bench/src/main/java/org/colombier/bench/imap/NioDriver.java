package org.colombier.bench.imap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.BooleanSupplier;

/**
 * Many IMAP client connections on one thread and one selector: thousands of clients without a
 * thread each. Every callback runs on the thread inside {@link #runUntil}.
 */
public final class NioDriver implements AutoCloseable {
    /** What a connection reports to its owner. */
    public interface Handler {
        void connected(Connection connection);

        void response(Connection connection, ImapResponse response);

        /** The connection ended: {@code cause} is null for a clean close by either side. */
        void closed(Connection connection, Exception cause);
    }

    /** One client connection. */
    public final class Connection {
        private final SocketChannel channel;
        private final Handler handler;
        private final ResponseReader reader = new ResponseReader(1 << 20);
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private SelectionKey key;
        private boolean open = true;
        private boolean connectPending = true;

        private Connection(SocketChannel channel, Handler handler) {
            this.channel = channel;
            this.handler = handler;
        }

        public void send(String line) {
            send((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        public void send(byte[] bytes) {
            if (!open) {
                return;
            }
            out.add(ByteBuffer.wrap(bytes));
            flush();
        }

        public void close() {
            end(null);
        }

        private void flush() {
            try {
                while (!out.isEmpty()) {
                    ByteBuffer head = out.peek();
                    channel.write(head);
                    if (head.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        return;
                    }
                    out.poll();
                }
                key.interestOps(SelectionKey.OP_READ);
            } catch (IOException e) {
                end(e);
            }
        }

        private void end(Exception cause) {
            if (!open) {
                return;
            }
            open = false;
            if (connectPending) {
                connectPending = false;
                connectEnded();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            handler.closed(this, cause);
        }
    }

    private static final int MAX_CONNECTING = 200;

    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final ArrayDeque<Runnable> waitingConnects = new ArrayDeque<>();
    private int connecting;

    public NioDriver() throws IOException {
        selector = Selector.open();
    }

    /** Opens a connection; at most a few hundred connects are in flight at once. */
    public void connect(InetSocketAddress address, Handler handler) {
        Runnable start = () -> startConnect(address, handler);
        if (connecting >= MAX_CONNECTING) {
            waitingConnects.add(start);
        } else {
            start.run();
        }
    }

    private void startConnect(InetSocketAddress address, Handler handler) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection connection = new Connection(channel, handler);
            connecting++;
            if (channel.connect(address)) {
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                connected(connection);
            } else {
                connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
            }
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the connect failed already
                }
            }
            handler.closed(null, e);
        }
    }

    private void connected(Connection connection) {
        connection.connectPending = false;
        connectEnded();
        connection.handler.connected(connection);
    }

    private void connectEnded() {
        connecting--;
        while (connecting < MAX_CONNECTING && !waitingConnects.isEmpty()) {
            waitingConnects.poll().run();
        }
    }

    /** Dispatches I/O until {@code done} is true (checked at least every 10 ms). */
    public void runUntil(BooleanSupplier done) throws IOException {
        while (!done.getAsBoolean()) {
            selector.select(10);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Connection connection = (Connection) key.attachment();
                if (!key.isValid()) {
                    continue;
                }
                try {
                    if (key.isConnectable()) {
                        connection.channel.finishConnect();
                        key.interestOps(SelectionKey.OP_READ);
                        connected(connection);
                        continue;
                    }
                    if (key.isWritable()) {
                        connection.flush();
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(connection);
                    }
                } catch (IOException | RuntimeException e) {
                    connection.end(e);
                }
            }
        }
    }

    private void read(Connection connection) throws IOException {
        readBuffer.clear();
        int n = connection.channel.read(readBuffer);
        if (n < 0) {
            connection.end(null);
            return;
        }
        readBuffer.flip();
        connection.reader.feed(readBuffer, response -> {
            if (connection.open) {
                connection.handler.response(connection, response);
            }
        });
    }

    /** Closes every connection still open. */
    @Override
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection) {
                connection.close();
            }
        }
        selector.close();
    }
}
