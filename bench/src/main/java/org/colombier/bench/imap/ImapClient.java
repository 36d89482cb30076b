package org.colombier.bench.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A plain blocking IMAP client for the single-connection benchmarks. */
public final class ImapClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ResponseReader reader = new ResponseReader(1 << 20);
    private final ArrayDeque<ImapResponse> ready = new ArrayDeque<>();
    private final byte[] buffer = new byte[64 * 1024];
    private int tags;

    private ImapClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and reads the greeting. */
    public static ImapClient connect(InetSocketAddress target) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(target, 10_000);
        socket.setSoTimeout(600_000);
        ImapClient client = new ImapClient(socket);
        ImapResponse greeting = client.read();
        if (!greeting.text().startsWith("* OK")) {
            client.close();
            throw new IOException("greeting: " + greeting.text());
        }
        return client;
    }

    public static ImapClient login(InetSocketAddress target, String user, String password) throws IOException {
        ImapClient client = connect(target);
        client.ok("LOGIN " + StressClient.quote(user) + " " + StressClient.quote(password));
        return client;
    }

    public ImapResponse read() throws IOException {
        while (ready.isEmpty()) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("server closed the connection");
            }
            reader.feed(ByteBuffer.wrap(buffer, 0, n), ready::add);
        }
        return ready.poll();
    }

    /** Sends a command; returns its untagged responses followed by the tagged one. */
    public List<ImapResponse> command(String arguments) throws IOException {
        String tag = send(arguments);
        return until(tag);
    }

    /** Like {@link #command} but fails unless the tagged status is OK. */
    public List<ImapResponse> ok(String arguments) throws IOException {
        List<ImapResponse> responses = command(arguments);
        ImapResponse tagged = responses.get(responses.size() - 1);
        if (!tagged.isOk()) {
            throw new IOException(arguments.split(" ")[0] + " failed: " + tagged.text());
        }
        return responses;
    }

    /** Sends a command line without waiting; returns its tag. */
    public String send(String arguments) throws IOException {
        String tag = "b" + (++tags);
        write((tag + " " + arguments + "\r\n").getBytes(StandardCharsets.UTF_8));
        return tag;
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads responses up to and including the tagged one for {@code tag}. */
    public List<ImapResponse> until(String tag) throws IOException {
        List<ImapResponse> responses = new ArrayList<>();
        while (true) {
            ImapResponse response = read();
            responses.add(response);
            if (tag.equals(response.tag())) {
                return responses;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
