package org.colombier.server.imap.command;

import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.NoArgsCommand;

/** NOOP and CHECK: nothing to do; the session sends pending mailbox updates after every command. */
public final class NoopHandler implements CommandHandler<NoArgsCommand> {
    @Override
    public void run(ImapSession session, String tag, NoArgsCommand command) {
        session.sync(true);
        session.ok(tag, command.name() == NoArgsCommand.Name.CHECK ? "Check completed." : "NOOP completed.");
    }
}
