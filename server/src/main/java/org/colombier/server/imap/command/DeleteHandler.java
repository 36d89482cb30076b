package org.colombier.server.imap.command;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.DeleteCommand;

/** DELETE (RFC 3501 6.3.4); deleting the selected mailbox unselects it first, as Dovecot does. */
public final class DeleteHandler implements CommandHandler<DeleteCommand> {
    @Override
    public void run(ImapSession session, String tag, DeleteCommand command) throws StoreException {
        MailboxPath path = session.names().path(command.mailbox());
        if (session.selected() != null && session.selected().path().equals(path)) {
            session.unselect();
        }
        session.mailboxes().delete(path);
        session.ok(tag, "Delete completed.");
    }
}
