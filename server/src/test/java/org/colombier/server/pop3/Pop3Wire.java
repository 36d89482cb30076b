package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A byte-exact POP3 client for wire tests: lines must end in CRLF; every read times out. */
final class Pop3Wire implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Pop3Wire(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static Pop3Wire connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new Pop3Wire(socket);
    }

    Pop3Wire send(String line) throws IOException {
        return sendRaw(line + "\r\n");
    }

    Pop3Wire sendRaw(String data) throws IOException {
        out.write(data.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** One line without its CRLF; fails if the line does not end in CRLF; null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            byte[] bytes = line.toByteArray();
            if (b == '\n') {
                assertThat(bytes.length >= 2 && bytes[bytes.length - 2] == '\r').as("line ends in CRLF: %s",
                        new String(bytes, StandardCharsets.UTF_8)).isTrue();
                return new String(bytes, 0, bytes.length - 2, StandardCharsets.UTF_8);
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** Sends {@code line} and returns the one-line reply. */
    String command(String line) throws IOException {
        send(line);
        return readLine();
    }

    void expectOk() throws IOException {
        assertThat(readLine()).startsWith("+OK");
    }

    /** The body of a multi-line response, raw, up to and including the final {@code .CRLF}. */
    byte[] readMultiLine() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        // the last five bytes; a body that is only ".CRLF" counts as preceded by CRLF
        byte[] window = {0, 0, 0, '\r', '\n'};
        byte[] end = {'\r', '\n', '.', '\r', '\n'};
        byte[] buffer = new byte[1];
        while (in.read(buffer) > 0) {
            body.write(buffer[0]);
            System.arraycopy(window, 1, window, 0, 4);
            window[4] = buffer[0];
            if (Arrays.equals(window, end) && (body.size() >= 5 || body.size() == 3)) {
                return body.toByteArray();
            }
        }
        throw new IOException("connection closed inside a multi-line response: " + body);
    }

    /** The lines of a multi-line response, without the final dot. */
    List<String> readLines() throws IOException {
        String text = new String(readMultiLine(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n", -1)));
        lines.remove(lines.size() - 1);
        lines.remove(lines.size() - 1);
        return lines;
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
