package org.colombier.server.imap.command;

import java.util.List;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
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
        session.unselect();
        if (hadSelected && session.qresync()) {
            session.send(ResponseBuilder.status(null, "OK", ResponseCode.closed(), "Previous mailbox closed."));
        }
        Mailbox mailbox = session.mailboxes().open(session.names().path(command.mailbox()));
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
        List<MessageInfo> infos = mailbox.messages(view.all());
        for (MessageInfo info : infos) {
            view.keywords().addAll(info.flags().keywords());
        }
        session.untagged("FLAGS " + view.flagList(true));
        session.untagged("OK [PERMANENTFLAGS " + (command.readOnly() ? "()" : view.flagList(false)) + "] "
                + (command.readOnly() ? "Read-only mailbox." : "Flags permitted."));
        session.untagged(view.count() + " EXISTS");
        session.untagged((command.readOnly() ? status.recent() : view.recentCount()) + " RECENT");
        for (MessageInfo info : infos) {
            if (!info.flags().has(SystemFlag.SEEN)) {
                session.untagged("OK [UNSEEN " + view.seq(info.uid()) + "] First unseen.");
                break;
            }
        }
        session.untagged("OK [UIDVALIDITY " + view.uidValidity() + "] UIDs valid");
        session.untagged("OK [UIDNEXT " + status.uidNext() + "] Predicted next UID");
        if (session.condStore()) {
            session.untagged("OK [HIGHESTMODSEQ " + Math.max(1, view.knownModSeq()) + "] Highest");
        }
        if (command.qresync() != null && command.qresync().uidValidity() == view.uidValidity()) {
            QresyncReport.send(session, view, command.qresync(), status.uidNext());
        }
        session.ok(tag, command.readOnly() ? ResponseCode.readOnly() : ResponseCode.readWrite(),
                (command.readOnly() ? "Examine" : "Select") + " completed.");
    }
}
