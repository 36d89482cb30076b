package org.colombier.server.pop3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.colombier.server.net.Connection;
import org.colombier.server.net.InputLine;
import org.colombier.server.net.ProtocolSession;
import org.colombier.server.net.SessionSettings;

/**
 * A POP3 connection in the AUTHORIZATION state (RFC 1939, 2449, 2595). POP3 verbs are small, so
 * each is a method here rather than a class.
 */
public final class Pop3Session implements ProtocolSession {
    private final Connection connection;
    private final SessionSettings settings;

    public Pop3Session(Connection connection, SessionSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    @Override
    public void start() {
        connection.reply("+OK Colombier ready.");
    }

    @Override
    public void line(InputLine.Text line) {
        if (line.containsNul()) {
            connection.reply("-ERR NUL bytes are not allowed in commands.");
            return;
        }
        String text = line.text();
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        switch (verb) {
            case "CAPA" -> capa();
            case "QUIT" -> connection.goodbye("+OK Logging out.", "Logged out");
            case "STLS" -> stls();
            case "USER", "PASS", "APOP", "AUTH" -> authUnavailable(verb);
            default -> unknown(verb);
        }
    }

    /** RFC 2449. */
    private void capa() {
        List<String> lines = new ArrayList<>(List.of("+OK Capability list follows", "CAPA", "TOP", "UIDL",
                "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE"));
        if (connection.startTlsAvailable()) {
            lines.add("STLS");
        }
        if (settings.cleartextAllowed(connection)) {
            lines.add("USER");
        }
        lines.add("IMPLEMENTATION Colombier");
        lines.add(".");
        connection.reply(lines);
    }

    /** RFC 2595 4. */
    private void stls() {
        if (connection.tls()) {
            connection.reply("-ERR TLS is already active.");
        } else if (!connection.startTlsAvailable()) {
            connection.reply("-ERR TLS support isn't enabled.");
        } else {
            connection.startTls("+OK Begin TLS negotiation now.");
        }
    }

    /** Until an authenticator is wired in; still says why plaintext would be refused anyway. */
    private void authUnavailable(String verb) {
        if ((verb.equals("USER") || verb.equals("PASS")) && !settings.cleartextAllowed(connection)) {
            connection.reply("-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
        } else {
            connection.reply("-ERR [SYS/PERM] Authentication is not available on this server.");
        }
    }

    private void unknown(String verb) {
        boolean printable = !verb.isEmpty() && verb.length() <= 16 && verb.chars().allMatch(c -> c >= 'A' && c <= 'Z');
        connection.reply(printable ? "-ERR Unknown command: " + verb : "-ERR Unknown command.");
    }

    @Override
    public void lineTooLong(InputLine.TooLong line) {
        connection.reply("-ERR Line longer than " + line.limit() + " bytes.");
    }

    @Override
    public void idle() {
        connection.goodbye("-ERR Disconnected for inactivity.", "Inactivity");
    }

    @Override
    public void shutdown() {
        connection.goodbye("-ERR [SYS/TEMP] Server shutting down.", "Server shutting down");
    }
}
