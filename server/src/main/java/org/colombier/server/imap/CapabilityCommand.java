package org.colombier.server.imap;

/** RFC 3501 6.1.1. */
final class CapabilityCommand implements ImapCommand {
    @Override
    public void execute(ImapSession session, ImapRequest request) {
        if (session.rejectArguments(request)) {
            return;
        }
        session.untagged("CAPABILITY " + session.capabilities());
        session.tagged(request, "OK Capability completed.");
    }
}
