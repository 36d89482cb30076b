package org.colombier.server.lmtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.colombier.server.net.Connection;
import org.colombier.server.net.InputLine;
import org.colombier.server.net.ProtocolSession;
import org.colombier.server.net.SessionSettings;

/**
 * An LMTP connection (RFC 2033) up to the mail transaction: LHLO, NOOP, RSET, QUIT, STARTTLS
 * (RFC 3207). Delivery commands are added with the delivery code.
 */
public final class LmtpSession implements ProtocolSession {
    private final Connection connection;
    private final SessionSettings settings;
    /** LHLO was accepted; STARTTLS resets it, as RFC 3207 requires. */
    private boolean greeted;

    public LmtpSession(Connection connection, SessionSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    @Override
    public void start() {
        connection.reply("220 " + settings.hostname() + " Colombier LMTP ready");
    }

    @Override
    public void line(InputLine.Text line) {
        if (line.containsNul()) {
            connection.reply("500 5.5.2 NUL bytes are not allowed in commands");
            return;
        }
        String text = line.text();
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : text.substring(space + 1).trim();
        switch (verb) {
            case "LHLO" -> lhlo(argument);
            case "NOOP" -> connection.reply("250 2.0.0 OK");
            case "RSET" -> connection.reply("250 2.0.0 OK");
            case "QUIT" -> connection.goodbye("221 2.0.0 " + settings.hostname() + " closing connection", "Client has quit the connection");
            case "STARTTLS" -> startTls(argument);
            case "MAIL", "RCPT", "DATA", "BDAT" -> transactionUnavailable();
            default -> connection.reply("502 5.5.2 Unknown command");
        }
    }

    private void lhlo(String domain) {
        if (domain.isEmpty()) {
            connection.reply("501 5.5.4 LHLO requires a domain name");
            return;
        }
        greeted = true;
        List<String> extensions = new ArrayList<>(List.of("PIPELINING", "ENHANCEDSTATUSCODES"));
        if (connection.startTlsAvailable()) {
            extensions.add("STARTTLS");
        }
        List<String> lines = new ArrayList<>();
        lines.add("250-" + settings.hostname());
        for (int i = 0; i < extensions.size(); i++) {
            lines.add((i == extensions.size() - 1 ? "250 " : "250-") + extensions.get(i));
        }
        connection.reply(lines);
    }

    /**
     * Until delivery is wired in: a temporary refusal, so the MTA keeps the message queued and
     * retries instead of bouncing it.
     */
    private void transactionUnavailable() {
        if (!greeted) {
            connection.reply("503 5.5.1 LHLO first");
        } else {
            connection.reply("451 4.3.2 Mail delivery is not available on this server, try again later");
        }
    }

    private void startTls(String argument) {
        if (!argument.isEmpty()) {
            connection.reply("501 5.5.4 STARTTLS takes no parameters");
        } else if (connection.tls()) {
            connection.reply("503 5.5.1 TLS is already active");
        } else if (!connection.startTlsAvailable()) {
            connection.reply("454 4.7.0 TLS not available");
        } else if (!greeted) {
            connection.reply("503 5.5.1 LHLO first");
        } else {
            greeted = false;
            connection.startTls("220 2.0.0 Ready to start TLS");
        }
    }

    @Override
    public void lineTooLong(InputLine.TooLong line) {
        connection.reply("500 5.5.2 Line too long");
    }

    @Override
    public void idle() {
        connection.goodbye("421 4.4.2 " + settings.hostname() + " Disconnected for inactivity", "Inactivity");
    }

    @Override
    public void shutdown() {
        connection.goodbye("421 4.3.2 " + settings.hostname() + " Server shutting down", "Server shutting down");
    }
}
