package org.colombier.server.imap.command;

import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.command.NoArgsCommand;

/** EXPUNGE (RFC 3501 6.4.3): the EXPUNGE responses come from the sync that follows every command. */
public final class ExpungeHandler implements CommandHandler<NoArgsCommand> {
    @Override
    public void run(ImapSession session, String tag, NoArgsCommand command) throws StoreException {
        expunge(session, tag, session.selected().all());
    }

    static void expunge(ImapSession session, String tag, UidSet among) throws StoreException {
        SelectedMailbox view = session.selected();
        if (view.readOnly()) {
            session.tagged(tag, "NO [READ-ONLY] Mailbox is read-only.");
            return;
        }
        UidSet deleted = CloseHandler.deleted(view, among);
        if (!deleted.isEmpty()) {
            view.mailbox().expunge(deleted);
        }
        session.sync(true);
        session.ok(tag, "Expunge completed.");
    }
}
