package org.colombier.server.imap.command;

import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.NoArgsCommand;

/** STARTTLS (RFC 3501 6.2.1); whatever the client pipelined behind it is dropped. */
public final class StartTlsHandler implements CommandHandler<NoArgsCommand> {
    @Override
    public void run(ImapSession session, String tag, NoArgsCommand command) {
        if (session.connection().tls()) {
            session.tagged(tag, "BAD TLS is already active.");
        } else if (!session.connection().startTlsAvailable()) {
            session.tagged(tag, "BAD TLS support isn't enabled.");
        } else {
            session.startTls(tag);
        }
    }
}
