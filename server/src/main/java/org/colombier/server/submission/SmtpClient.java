package org.colombier.server.submission;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A blocking SMTP client (RFC 5321) that sends one message per connection: EHLO, STARTTLS when
 * asked (RFC 3207), MAIL, RCPT for each recipient, DATA with dot-stuffing, QUIT. It runs on the
 * queue's worker thread only.
 */
final class SmtpClient {
    /** Longest reply line we read; a longer one is a broken server. */
    private static final int MAX_LINE = 4096;

    /** The host refused or failed; {@code permanent} for a 5xx reply. */
    static final class SmtpException extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean permanent;

        SmtpException(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }
    }

    private final SubmissionSettings settings;

    SmtpClient(SubmissionSettings settings) {
        this.settings = settings;
    }

    /** Sends the message {@code body} reads (CRLF or LF lines) to {@code recipients}. */
    void send(String mailFrom, List<String> recipients, InputStream body) throws IOException {
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
            socket.setSoTimeout(timeout);
            boolean implicitTls = settings.ssl().equals("smtps") || settings.ssl().equals("submissions");
            if (implicitTls) {
                socket = tls(socket);
            }
            Conversation c = new Conversation(socket);
            c.expect(220, null);
            List<String> ehlo = c.expect(250, "EHLO " + settings.heloName());
            if (settings.ssl().equals("starttls")) {
                if (ehlo.stream().noneMatch(l -> l.substring(4).toUpperCase(Locale.ROOT).startsWith("STARTTLS"))) {
                    throw new SmtpException("submission_host does not offer STARTTLS", false);
                }
                c.expect(220, "STARTTLS");
                socket = tls(socket);
                c = new Conversation(socket);
                ehlo = c.expect(250, "EHLO " + settings.heloName());
            }
            boolean eightBit = ehlo.stream().anyMatch(l -> l.substring(4).toUpperCase(Locale.ROOT).startsWith("8BITMIME"));
            c.expect(250, "MAIL FROM:<" + mailFrom + ">" + (eightBit ? " BODY=8BITMIME" : ""));
            for (String recipient : recipients) {
                c.expect(250, "RCPT TO:<" + recipient + ">");
            }
            c.expect(354, "DATA");
            c.data(body);
            c.expect(250, null);
            try {
                c.command("QUIT");
            } catch (IOException e) {
                // the message is accepted; a lost QUIT does not matter
            }
        } finally {
            socket.close();
        }
    }

    private Socket tls(Socket plain) throws IOException {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, settings.host(), settings.port(), true);
        var parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    /** Commands and replies on one socket. */
    private static final class Conversation {
        private final InputStream in;
        private final OutputStream out;

        Conversation(Socket socket) throws IOException {
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        }

        void command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Sends {@code command} (unless null), reads the reply and checks its code. */
        List<String> expect(int code, String command) throws IOException {
            if (command != null) {
                command(command);
            }
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = readLine();
                if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
                    throw new SmtpException("malformed reply: " + line, false);
                }
                lines.add(line.length() == 3 ? line + " " : line);
            } while (line.length() > 3 && line.charAt(3) == '-');
            int got = Integer.parseInt(line.substring(0, 3));
            if (got != code) {
                String what = command == null ? "greeting" : command.split(" ")[0];
                throw new SmtpException(what + " failed: " + String.join(" / ", lines), got >= 500);
            }
            return lines;
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new SmtpException("connection closed by submission_host", false);
                }
                if (line.size() >= MAX_LINE) {
                    throw new SmtpException("reply line too long", false);
                }
                line.write(c);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        /** The message with lines ending in CRLF, leading dots doubled, and the final dot. */
        void data(InputStream body) throws IOException {
            boolean lineStart = true;
            int previous = -1;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buffer[i] & 0xff;
                    if (lineStart && b == '.') {
                        out.write('.');
                    }
                    if (b == '\n' && previous != '\r') {
                        out.write('\r');
                    }
                    out.write(b);
                    lineStart = b == '\n';
                    previous = b;
                }
            }
            if (!lineStart) {
                out.write('\r');
                out.write('\n');
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
