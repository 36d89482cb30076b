package org.colombier.server.imap.command;

import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.command.NoArgsCommand;

/**
 * IDLE (RFC 2177): a session state, not a thread. The selected mailbox's listener queues a sync
 * on the session's worker; DONE ends it.
 */
public final class IdleHandler implements CommandHandler<NoArgsCommand> {
    @Override
    public void run(ImapSession session, String tag, NoArgsCommand command) {
        session.connection().reply("+ idling");
        session.connection().keepalive(session.config().idleNotify());
        SelectedMailbox view = session.selected();
        if (view != null) {
            view.onChange(() -> session.later(() -> {
                if (session.awaitingLine() && session.selected() == view) {
                    session.sync(true);
                }
            }));
        }
        session.expectLine(line -> {
            session.connection().keepalive(java.time.Duration.ZERO);
            if (view != null) {
                view.onChange(null);
            }
            if (line.isIdleDone()) {
                session.sync(true);
                session.ok(tag, "Idle completed.");
            } else {
                session.tagged(tag, "BAD Expected DONE.");
            }
        });
    }
}
