package org.colombier.server.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.colombier.server.net.Connection;
import org.colombier.server.net.InputLine;
import org.colombier.server.net.ProtocolSession;
import org.colombier.server.net.SessionSettings;

/** An IMAP connection before login: greeting, capability, STARTTLS, LOGOUT. */
public final class ImapSession implements ProtocolSession {
    private static final String UNPARSEABLE = "Error in IMAP command received by server.";

    private final Connection connection;
    private final SessionSettings settings;
    private final Map<String, ImapCommand> commands = ImapCommands.NOT_AUTHENTICATED;

    public ImapSession(Connection connection, SessionSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    public Connection connection() {
        return connection;
    }

    public SessionSettings settings() {
        return settings;
    }

    @Override
    public void start() {
        untagged("OK [CAPABILITY " + capabilities() + "] Colombier ready.");
    }

    /** What this connection can do right now; STARTTLS and LOGINDISABLED depend on its TLS state. */
    public String capabilities() {
        List<String> capabilities = new ArrayList<>(List.of("IMAP4rev1", "SASL-IR", "LOGIN-REFERRALS", "ID", "ENABLE",
                "IDLE", "LITERAL+"));
        if (connection.startTlsAvailable()) {
            capabilities.add("STARTTLS");
        }
        if (!settings.cleartextAllowed(connection)) {
            capabilities.add("LOGINDISABLED");
        }
        return String.join(" ", capabilities);
    }

    @Override
    public void line(InputLine.Text line) {
        String text = line.text();
        ImapRequest request = ImapRequest.parse(text);
        if (request == null) {
            untagged("BAD " + UNPARSEABLE);
        } else if (line.containsNul()) {
            tagged(request, "BAD Error in IMAP command received by server: NUL bytes are not allowed.");
        } else if (!request.wellFormedName()) {
            tagged(request, "BAD " + UNPARSEABLE);
        } else {
            ImapCommand command = commands.get(request.name());
            if (command == null) {
                tagged(request, "BAD Error in IMAP command " + request.name() + ": Unknown command.");
            } else {
                command.execute(this, request);
            }
        }
    }

    @Override
    public void lineTooLong(InputLine.TooLong line) {
        untagged("BAD Error in IMAP command received by server: Line longer than " + line.limit() + " bytes.");
    }

    @Override
    public void idle() {
        connection.goodbye("* BYE Disconnected for inactivity.", "Inactivity");
    }

    @Override
    public void shutdown() {
        connection.goodbye("* BYE Server shutting down.", "Server shutting down");
    }

    void untagged(String response) {
        connection.reply("* " + response);
    }

    void tagged(ImapRequest request, String response) {
        connection.reply(request.tag() + " " + response);
    }

    /** For commands that take no arguments: answers BAD and returns true when some were given. */
    boolean rejectArguments(ImapRequest request) {
        if (request.arguments().isEmpty()) {
            return false;
        }
        tagged(request, "BAD Error in IMAP command " + request.name() + ": Unexpected arguments.");
        return true;
    }
}
