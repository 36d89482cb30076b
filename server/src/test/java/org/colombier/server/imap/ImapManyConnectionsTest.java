package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.colombier.server.testing.ImapServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of clients connecting in the same instant, as after a network outage: each must be
 * greeted, logged in, SELECTed and IDLE within a bounded time. IMAP is server-speaks-first, so a
 * connection the kernel dropped from a full accept queue would leave its client waiting for ever.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class ImapManyConnectionsTest {
    private static final int CONNECTIONS = 300;
    private static final long DEADLINE_SECONDS = 15;

    @TempDir
    Path dir;

    /** Where one client is: waiting for the greeting, LOGIN, SELECT, IDLE's continuation, or idling. */
    private enum Step { GREETING, LOGIN, SELECT, IDLE, IDLING }

    private static final class Client {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(8192);
        final StringBuilder line = new StringBuilder();
        Step step = Step.GREETING;
        String failure;

        Client(SocketChannel channel) {
            this.channel = channel;
        }

        void send(String command) throws IOException {
            ByteBuffer out = ByteBuffer.wrap((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        /** Advances on each complete line; a NO, BAD or BYE ends the client with a failure. */
        void line(String text) throws IOException {
            if (text.startsWith("* BYE") || text.matches("^[a-z] (NO|BAD) .*")) {
                failure = text;
                return;
            }
            switch (step) {
                case GREETING -> {
                    if (text.startsWith("* OK")) {
                        step = Step.LOGIN;
                        send("l LOGIN " + ImapServerFixture.USER + " " + ImapServerFixture.PASSWORD);
                    }
                }
                case LOGIN -> {
                    if (text.startsWith("l OK")) {
                        step = Step.SELECT;
                        send("s SELECT INBOX");
                    }
                }
                case SELECT -> {
                    if (text.startsWith("s OK")) {
                        step = Step.IDLE;
                        send("i IDLE");
                    }
                }
                case IDLE -> {
                    if (text.startsWith("+ ")) {
                        step = Step.IDLING;
                    }
                }
                case IDLING -> {
                }
            }
        }
    }

    @Test
    void everyConnectionOfABurstIsGreetedLogsInSelectsAndIdlesInBoundedTime() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir); Selector selector = Selector.open()) {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", fixture.port());
            List<Client> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    Client client = new Client(channel);
                    clients.add(client);
                    channel.register(selector, channel.connect(server) ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT,
                            client);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
                while (!allDone(clients) && System.nanoTime() < deadline) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        serve(key);
                    }
                    selector.selectedKeys().clear();
                }
                Map<String, Integer> where = new TreeMap<>();
                for (Client c : clients) {
                    where.merge(c.failure != null ? "failed: " + c.failure : c.step.name(), 1, Integer::sum);
                }
                assertThat(where).as("where the %d clients are after %d s", CONNECTIONS, DEADLINE_SECONDS)
                        .isEqualTo(Map.of(Step.IDLING.name(), CONNECTIONS));
            } finally {
                for (Client c : clients) {
                    c.channel.close();
                }
            }
        }
    }

    private static boolean allDone(List<Client> clients) {
        return clients.stream().allMatch(c -> c.step == Step.IDLING || c.failure != null);
    }

    private static void serve(SelectionKey key) throws IOException {
        Client client = (Client) key.attachment();
        if (key.isConnectable()) {
            client.channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            return;
        }
        int n = client.channel.read(client.in);
        if (n < 0) {
            client.failure = "closed by the server in step " + client.step;
            key.cancel();
            return;
        }
        client.in.flip();
        while (client.in.hasRemaining()) {
            char ch = (char) client.in.get();
            if (ch == '\n') {
                String text = client.line.toString().strip();
                client.line.setLength(0);
                client.line(text);
            } else {
                client.line.append(ch);
            }
        }
        client.in.clear();
    }
}
