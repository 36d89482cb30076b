package org.colombier.server.imap.command;

import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.command.NoArgsCommand;

/** NAMESPACE (RFC 2342): the personal namespace of the configuration; no shared or other users' ones. */
public final class NamespaceHandler implements CommandHandler<NoArgsCommand> {
    @Override
    public void run(ImapSession session, String tag, NoArgsCommand command) {
        session.send(ResponseBuilder.untagged().atom("NAMESPACE").openList().openList()
                .string(session.config().prefix()).string(String.valueOf(session.config().separator()))
                .closeList().closeList().nil().nil().build());
        session.ok(tag, "Namespace completed.");
    }
}
