package org.colombier.bench.lmtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A blocking LMTP client (RFC 2033): one transaction at a time, one reply per recipient after DATA. */
public final class LmtpClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LmtpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    public static LmtpClient connect(InetSocketAddress target) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(target, 10_000);
        socket.setSoTimeout(120_000);
        LmtpClient client = new LmtpClient(socket);
        client.expect(2, "greeting");
        client.line("LHLO bench.test");
        client.expect(2, "LHLO");
        return client;
    }

    /**
     * Delivers one message (CRLF lines, none starting with a dot) to the recipients; returns how
     * many recipients got a 2xx after DATA.
     */
    public int deliver(String from, List<String> recipients, byte[] message) throws IOException {
        line("MAIL FROM:<" + from + ">");
        expect(2, "MAIL FROM");
        for (String rcpt : recipients) {
            line("RCPT TO:<" + rcpt + ">");
            expect(2, "RCPT TO " + rcpt);
        }
        line("DATA");
        expect(3, "DATA");
        out.write(message);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int delivered = 0;
        for (int i = 0; i < recipients.size(); i++) {
            if (reply().startsWith("2")) {
                delivered++;
            }
        }
        return delivered;
    }

    private void line(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void expect(int klass, String what) throws IOException {
        String reply = reply();
        if (reply.charAt(0) - '0' != klass) {
            throw new IOException(what + ": " + reply);
        }
    }

    /** One complete reply (continuation lines {@code 250-} skipped); its last line. */
    private String reply() throws IOException {
        while (true) {
            String line = readLine();
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        try {
            line("QUIT");
        } catch (IOException ignored) {
            // closing anyway
        }
        socket.close();
    }
}
