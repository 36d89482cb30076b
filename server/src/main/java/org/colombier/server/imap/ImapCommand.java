package org.colombier.server.imap;

/** One IMAP command. Implementations are stateless; per-connection state lives in {@link ImapSession}. */
@FunctionalInterface
public interface ImapCommand {
    void execute(ImapSession session, ImapRequest request);
}
