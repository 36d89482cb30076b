package org.colombier.server.imap.command;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.SubscribeCommand;

/** SUBSCRIBE and UNSUBSCRIBE (RFC 3501 6.3.6-7); a name may be subscribed whether it exists or not. */
public final class SubscribeHandler implements CommandHandler<SubscribeCommand> {
    @Override
    public void run(ImapSession session, String tag, SubscribeCommand command) throws StoreException {
        MailboxPath path = MailboxHandlers.path(session, command.mailbox());
        if (command.subscribe()) {
            session.mailboxes().subscribe(path);
            session.ok(tag, "Subscribe completed.");
        } else {
            session.mailboxes().unsubscribe(path);
            session.ok(tag, "Unsubscribe completed.");
        }
    }
}
