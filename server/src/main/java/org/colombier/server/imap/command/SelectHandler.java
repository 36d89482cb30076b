package org.colombier.server.imap.command;

import java.util.ArrayList;
import java.util.List;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.ResponseCode;
import org.colombier.server.imap.protocol.command.SelectCommand;

/** SELECT and EXAMINE (RFC 3501 6.3.1-2), with CONDSTORE and QRESYNC parameters (RFC 7162). */
public final class SelectHandler implements CommandHandler<SelectCommand> {
    @Override
    public void run(ImapSession session, String tag, SelectCommand command) throws StoreException {
        if (command.qresync() != null && !session.qresync()) {
            session.tagged(tag, "BAD Error in IMAP command SELECT: QRESYNC isn't enabled");
            return;
        }
        boolean hadSelected = session.selected() != null;
        Mailbox mailbox;
        try {
            // opened before the previous mailbox is closed: re-selecting it finds the store's state
            // of it still loaded instead of reading its index again
            mailbox = session.mailboxes().open(session.names().path(command.mailbox()));
        } finally {
            session.unselect();
            if (hadSelected && session.qresync()) {
                session.send(ResponseBuilder.status(null, "OK", ResponseCode.closed(), "Previous mailbox closed."));
            }
        }
        SelectedMailbox view;
        try {
            view = SelectedMailbox.open(mailbox, command.readOnly());
        } catch (StoreException | RuntimeException e) {
            mailbox.close();
            throw e;
        }
        if (command.condStore() || session.condStore()) {
            session.enabled().add("CONDSTORE");
            view.enableCondStore();
        }
        session.select(view);
        MailboxStatus status = mailbox.status();
        // one write for the whole answer
        List<String> lines = new ArrayList<>();
        lines.add("FLAGS " + view.flagList(true));
        lines.add("OK [PERMANENTFLAGS " + (command.readOnly() ? "()" : view.flagList(false)) + "] "
                + (command.readOnly() ? "Read-only mailbox." : "Flags permitted."));
        lines.add(view.count() + " EXISTS");
        lines.add((command.readOnly() ? status.recent() : view.recentCount()) + " RECENT");
        if (view.firstUnseen() > 0) {
            lines.add("OK [UNSEEN " + view.firstUnseen() + "] First unseen.");
        }
        lines.add("OK [UIDVALIDITY " + view.uidValidity() + "] UIDs valid");
        lines.add("OK [UIDNEXT " + status.uidNext() + "] Predicted next UID");
        if (session.condStore()) {
            lines.add("OK [HIGHESTMODSEQ " + Math.max(1, view.knownModSeq()) + "] Highest");
        }
        session.untagged(lines);
        if (command.qresync() != null && command.qresync().uidValidity() == view.uidValidity()) {
            QresyncReport.send(session, view, command.qresync(), status.uidNext());
        }
        session.ok(tag, command.readOnly() ? ResponseCode.readOnly() : ResponseCode.readWrite(),
                (command.readOnly() ? "Examine" : "Select") + " completed.");
    }
}
