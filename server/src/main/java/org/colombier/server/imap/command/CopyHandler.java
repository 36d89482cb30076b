package org.colombier.server.imap.command;

import org.colombier.api.storage.CopyResult;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.StoreErrors;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.ResponseCode;
import org.colombier.server.imap.protocol.command.CopyCommand;

/** [UID] COPY (RFC 3501 6.4.7) and [UID] MOVE (RFC 6851), with COPYUID (RFC 4315). */
public final class CopyHandler implements CommandHandler<CopyCommand> {
    @Override
    public void run(ImapSession session, String tag, CopyCommand command) throws StoreException {
        SelectedMailbox view = session.selected();
        if (command.move() && view.readOnly()) {
            session.tagged(tag, "NO [READ-ONLY] Mailbox is read-only.");
            return;
        }
        UidSet uids = view.resolve(command.set(), command.uid(), session.savedSearch());
        Mailbox target;
        try {
            target = session.mailboxes().open(session.names().path(command.mailbox()));
        } catch (StoreException e) {
            session.done(StoreErrors.targetResponse(tag, e));
            return;
        }
        String what = command.move() ? "Move" : "Copy";
        try (target) {
            if (uids.isEmpty()) {
                session.ok(tag, "No messages found.");
                return;
            }
            CopyResult result = command.move() ? view.mailbox().moveTo(uids, target) : view.mailbox().copyTo(uids, target);
            ResponseCode code = result.sourceUids().isEmpty() ? null : ResponseCode.copyUid(result.targetUidValidity(),
                    result.sourceUids().toString(), result.targetUids().toString());
            if (command.move()) {
                if (code != null) {
                    session.send(ResponseBuilder.status(null, "OK", code, "Moved UIDs."));
                }
                session.sync(true);
                session.ok(tag, what + " completed.");
            } else if (code != null) {
                session.ok(tag, code, what + " completed.");
            } else {
                session.ok(tag, what + " completed.");
            }
        }
    }
}
