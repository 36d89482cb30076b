package org.colombier.server.imap.command;

import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.command.NoArgsCommand;

/** CLOSE (RFC 3501 6.4.2: silently expunges \Deleted unless read-only) and UNSELECT (RFC 3691: does not). */
public final class CloseHandler implements CommandHandler<NoArgsCommand> {
    @Override
    public void run(ImapSession session, String tag, NoArgsCommand command) throws StoreException {
        SelectedMailbox view = session.selected();
        if (command.name() == NoArgsCommand.Name.CLOSE && !view.readOnly()) {
            UidSet deleted = deleted(view, view.all());
            if (!deleted.isEmpty()) {
                view.mailbox().expunge(deleted);
            }
        }
        session.unselect();
        session.ok(tag, command.name() == NoArgsCommand.Name.CLOSE ? "Close completed." : "Unselect completed.");
    }

    /** The messages among {@code uids} flagged \Deleted, from the index. */
    static UidSet deleted(SelectedMailbox view, UidSet uids) throws StoreException {
        UidSet.Builder b = new UidSet.Builder();
        for (MessageInfo info : view.mailbox().messages(uids)) {
            if (info.flags().has(SystemFlag.DELETED)) {
                b.add(info.uid());
            }
        }
        return b.build();
    }
}
