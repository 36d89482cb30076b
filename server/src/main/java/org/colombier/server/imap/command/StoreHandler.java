package org.colombier.server.imap.command;

import java.util.OptionalLong;

import org.colombier.api.storage.FlagUpdateResult;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.ResponseCode;
import org.colombier.server.imap.protocol.command.StoreCommand;

/** [UID] STORE (RFC 3501 6.4.6) with UNCHANGEDSINCE and [MODIFIED] (RFC 7162). */
public final class StoreHandler implements CommandHandler<StoreCommand> {
    @Override
    public void run(ImapSession session, String tag, StoreCommand command) throws StoreException {
        SelectedMailbox view = session.selected();
        if (view.readOnly()) {
            session.tagged(tag, "NO [READ-ONLY] Mailbox is read-only.");
            return;
        }
        UidSet uids = view.resolve(command.set(), command.uid(), session.savedSearch());
        boolean condStore = command.unchangedSince() >= 0;
        if (condStore) {
            session.enabled().add("CONDSTORE");
            view.enableCondStore(session);
        }
        if (command.update().mode() != FlagUpdate.Mode.REMOVE) {
            view.announceKeywords(session, command.update().flags());
        }
        FlagUpdateResult result = uids.isEmpty() ? new FlagUpdateResult(java.util.List.of(), UidSet.empty())
                : view.mailbox().updateFlags(uids, command.update(),
                        condStore ? OptionalLong.of(command.unchangedSince()) : OptionalLong.empty());
        view.reported(result.updated());
        for (MessageInfo info : result.updated()) {
            if (!command.silent() || session.condStore()) {
                ResponseBuilder b = ResponseBuilder.untagged().number(view.seq(info.uid())).atom("FETCH").openList();
                if (command.uid() || session.qresync()) {
                    b.atom("UID").number(info.uid());
                }
                if (!command.silent()) {
                    b.atom("FLAGS").atom(view.flags(info));
                }
                if (session.condStore()) {
                    b.atom("MODSEQ").atom("(" + info.modSeq() + ")");
                }
                session.send(b.closeList().build());
            }
        }
        if (!result.modified().isEmpty()) {
            String set = command.uid() ? result.modified().toString() : sequences(view, result.modified());
            session.ok(tag, ResponseCode.modified(set), "Conditional store failed.");
        } else {
            session.ok(tag, "Store completed.");
        }
    }

    static String sequences(SelectedMailbox view, UidSet uids) {
        UidSet.Builder b = new UidSet.Builder();
        for (long uid : uids) {
            int seq = view.seq(uid);
            if (seq > 0) {
                b.add(seq);
            }
        }
        return b.build().toString();
    }
}
