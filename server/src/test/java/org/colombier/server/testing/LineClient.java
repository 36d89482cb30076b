package org.colombier.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A raw line-oriented client for wire-exact tests; every read times out. */
public final class LineClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 5000;

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    private LineClient(Socket socket) throws IOException {
        attach(socket);
    }

    public static LineClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        return new LineClient(socket);
    }

    /** Connects with TLS from the first byte (implicit TLS listeners). */
    public static LineClient connectTls(int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.startHandshake();
        return new LineClient(socket);
    }

    private void attach(Socket newSocket) throws IOException {
        socket = newSocket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Handshakes over the existing connection (after a STARTTLS reply); returns the TLS socket. */
    public SSLSocket startTls(SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        attach(tls);
        return tls;
    }

    /** Like {@link #startTls} but also checks the certificate names 127.0.0.1, as HTTPS clients do. */
    public SSLSocket startTlsVerifying(SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.setUseClientMode(true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        attach(tls);
        return tls;
    }

    public Socket socket() {
        return socket;
    }

    /** Sends {@code line} plus CRLF. */
    public LineClient send(String line) throws IOException {
        return sendRaw(line + "\r\n");
    }

    public LineClient sendRaw(String data) throws IOException {
        return sendBytes(data.getBytes(StandardCharsets.UTF_8));
    }

    public LineClient sendBytes(byte[] data) throws IOException {
        out.write(data);
        out.flush();
        return this;
    }

    /** The next line without CRLF; null at end of stream. */
    public String readLine() throws IOException {
        return in.readLine();
    }

    /** Reads lines until one starts with {@code prefix}, returning everything read, that line included. */
    public List<String> readUntil(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed before a line starting with " + prefix + "; got " + lines);
            }
            lines.add(line);
        } while (!line.startsWith(prefix));
        return lines;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
