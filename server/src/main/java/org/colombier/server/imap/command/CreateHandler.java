package org.colombier.server.imap.command;

import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.CreateCommand;

/** CREATE (RFC 3501 6.3.3); CREATE-SPECIAL-USE is not offered, so USE is refused. */
public final class CreateHandler implements CommandHandler<CreateCommand> {
    @Override
    public void run(ImapSession session, String tag, CreateCommand command) throws StoreException {
        if (!command.specialUse().isEmpty()) {
            session.tagged(tag, "NO [USEATTR] Special-use attributes cannot be set on new mailboxes.");
            return;
        }
        session.mailboxes().create(MailboxHandlers.path(session, command.mailbox()));
        session.ok(tag, "Create completed.");
    }
}
