package org.colombier.server.imap;

import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.protocol.command.ImapCommand;

/** Runs one parsed command; a {@link StoreException} becomes {@code NO [CODE]} in {@link StoreErrors}. */
@FunctionalInterface
public interface CommandHandler<C extends ImapCommand> {
    void run(ImapSession session, String tag, C command) throws StoreException;
}
