package org.colombier.server.imap;

/** RFC 3501 6.1.2. */
final class NoopCommand implements ImapCommand {
    @Override
    public void execute(ImapSession session, ImapRequest request) {
        if (session.rejectArguments(request)) {
            return;
        }
        session.tagged(request, "OK NOOP completed.");
    }
}
