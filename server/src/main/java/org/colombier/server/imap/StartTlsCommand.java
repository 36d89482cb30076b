package org.colombier.server.imap;

/** RFC 3501 6.2.1. Plaintext the client pipelined behind it is discarded by the connection. */
final class StartTlsCommand implements ImapCommand {
    @Override
    public void execute(ImapSession session, ImapRequest request) {
        if (session.rejectArguments(request)) {
            return;
        }
        if (session.connection().tls()) {
            session.tagged(request, "BAD TLS is already active.");
        } else if (!session.connection().startTlsAvailable()) {
            session.tagged(request, "BAD TLS support isn't enabled.");
        } else {
            session.connection().startTls(request.tag() + " OK Begin TLS negotiation now.");
        }
    }
}
