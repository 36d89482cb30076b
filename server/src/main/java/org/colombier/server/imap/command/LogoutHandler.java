package org.colombier.server.imap.command;

import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.NoArgsCommand;

/** LOGOUT (RFC 3501 6.1.3). */
public final class LogoutHandler implements CommandHandler<NoArgsCommand> {
    @Override
    public void run(ImapSession session, String tag, NoArgsCommand command) {
        session.logout(tag);
    }
}
