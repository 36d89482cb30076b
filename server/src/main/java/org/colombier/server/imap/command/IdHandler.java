package org.colombier.server.imap.command;

import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.IdCommand;

/** ID (RFC 2971): we say who we are; what the client says is not needed. */
public final class IdHandler implements CommandHandler<IdCommand> {
    @Override
    public void run(ImapSession session, String tag, IdCommand command) {
        session.untagged("ID (\"name\" \"Colombier\")");
        session.ok(tag, "ID completed.");
    }
}
