package org.colombier.server.imap.command;

import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.RenameCommand;

/** RENAME (RFC 3501 6.3.5), children included; INBOX moves its messages to the new name. */
public final class RenameHandler implements CommandHandler<RenameCommand> {
    @Override
    public void run(ImapSession session, String tag, RenameCommand command) throws StoreException {
        session.mailboxes().rename(session.names().path(command.from()), MailboxHandlers.path(session, command.to()));
        session.ok(tag, "Rename completed.");
    }
}
