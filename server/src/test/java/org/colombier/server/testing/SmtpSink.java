package org.colombier.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small SMTP server on a loopback port that records what it is sent: enough of RFC 5321 for a
 * client's EHLO, MAIL, RCPT, DATA (dot-unstuffed), RSET, NOOP and QUIT. One thread, one client at a time.
 */
public final class SmtpSink implements AutoCloseable {
    /** One accepted message; {@code data} with CRLF line ends, dot-stuffing undone. */
    public record Received(String mailFrom, List<String> recipients, String data) {
    }

    private final ServerSocket server;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile String rcptReply = "250 2.1.5 OK";

    private SmtpSink(ServerSocket server) {
        this.server = server;
        this.thread = new Thread(this::serve, "smtp-sink");
        thread.setDaemon(true);
        thread.start();
    }

    /** A sink on an ephemeral port. */
    public static SmtpSink start() throws IOException {
        return start(0);
    }

    /** A sink on {@code port} (one found free earlier, to test a host that comes up late). */
    public static SmtpSink start(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new SmtpSink(socket);
    }

    /** A loopback port nobody listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** From now on every RCPT gets {@code reply} (e.g. a 550), and no message is accepted. */
    public SmtpSink rcptReply(String reply) {
        rcptReply = reply;
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next message, waiting up to {@code timeout}; null if none came. */
    public Received next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                client.setSoTimeout(10_000);
                converse(client);
            } catch (IOException e) {
                // the client went away, or the sink was closed
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        reply(out, "220 sink.test ESMTP");
        String mailFrom = null;
        List<String> recipients = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String upper = line.toUpperCase();
            if (upper.startsWith("EHLO")) {
                reply(out, "250-sink.test\r\n250-8BITMIME\r\n250 PIPELINING");
            } else if (upper.startsWith("MAIL FROM:")) {
                mailFrom = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                recipients.clear();
                reply(out, "250 2.1.0 OK");
            } else if (upper.startsWith("RCPT TO:")) {
                recipients.add(line.substring(line.indexOf('<') + 1, line.indexOf('>')));
                reply(out, rcptReply);
            } else if (upper.equals("DATA")) {
                reply(out, "354 go ahead");
                StringBuilder data = new StringBuilder();
                String dataLine;
                while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                    data.append(dataLine.startsWith(".") ? dataLine.substring(1) : dataLine).append("\r\n");
                }
                received.add(new Received(mailFrom, List.copyOf(recipients), data.toString()));
                reply(out, "250 2.0.0 queued");
            } else if (upper.equals("QUIT")) {
                reply(out, "221 2.0.0 bye");
                return;
            } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                reply(out, "250 2.0.0 OK");
            } else {
                reply(out, "502 5.5.2 unknown command");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
