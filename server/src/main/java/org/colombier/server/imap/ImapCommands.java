package org.colombier.server.imap;

import java.util.Map;

/** The command table, by state. Authentication and the mailbox commands join it as they arrive. */
final class ImapCommands {
    private ImapCommands() {
    }

    static final Map<String, ImapCommand> NOT_AUTHENTICATED = Map.of(
            "CAPABILITY", new CapabilityCommand(),
            "NOOP", new NoopCommand(),
            "LOGOUT", new LogoutCommand(),
            "STARTTLS", new StartTlsCommand(),
            "ID", new IdCommand(),
            "LOGIN", new AuthUnavailableCommand(),
            "AUTHENTICATE", new AuthUnavailableCommand());
}
