package org.colombier.server.imap.command;

import java.util.List;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.command.StatusCommand;
import org.colombier.server.imap.protocol.command.StatusItem;

/** STATUS (RFC 3501 6.3.10; SIZE RFC 8438; HIGHESTMODSEQ RFC 7162). */
public final class StatusHandler implements CommandHandler<StatusCommand> {
    @Override
    public void run(ImapSession session, String tag, StatusCommand command) throws StoreException {
        MailboxPath path = session.names().path(command.mailbox());
        send(session, session.names().name(path), path, command.items());
        session.ok(tag, "Status completed.");
    }

    static void send(ImapSession session, String name, MailboxPath path, List<StatusItem> items) throws StoreException {
        MailboxStatus s = session.mailboxes().status(path);
        ResponseBuilder b = ResponseBuilder.untagged().atom("STATUS").mailbox(name).openList();
        for (StatusItem item : items) {
            b.atom(item.name()).number(switch (item) {
                case MESSAGES -> s.messages();
                case RECENT -> s.recent();
                case UIDNEXT -> s.uidNext();
                case UIDVALIDITY -> s.uidValidity();
                case UNSEEN -> s.unseen();
                case SIZE -> s.size();
                case HIGHESTMODSEQ -> Math.max(1, s.highestModSeq());
                case DELETED -> deleted(session, path);
            });
        }
        session.send(b.closeList().build());
    }

    private static long deleted(ImapSession session, MailboxPath path) throws StoreException {
        try (org.colombier.api.storage.Mailbox m = session.mailboxes().open(path)) {
            return m.messages(org.colombier.api.storage.UidSet.all()).stream()
                    .filter(i -> i.flags().has(org.colombier.api.storage.SystemFlag.DELETED)).count();
        }
    }
}
