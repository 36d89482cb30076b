package org.colombier.server.imap.command;

import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.NoArgsCommand;

/** CAPABILITY (RFC 3501 6.1.1). */
public final class CapabilityHandler implements CommandHandler<NoArgsCommand> {
    @Override
    public void run(ImapSession session, String tag, NoArgsCommand command) {
        session.untagged("CAPABILITY " + String.join(" ", session.capabilities()));
        session.ok(tag, "Capability completed.");
    }
}
