package org.colombier.server.imap.command;

import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.UidExpungeCommand;

/** UID EXPUNGE (RFC 4315): only the \Deleted messages among the given UIDs. */
public final class UidExpungeHandler implements CommandHandler<UidExpungeCommand> {
    @Override
    public void run(ImapSession session, String tag, UidExpungeCommand command) throws StoreException {
        ExpungeHandler.expunge(session, tag, session.selected().resolve(command.uids(), true, session.savedSearch()));
    }
}
