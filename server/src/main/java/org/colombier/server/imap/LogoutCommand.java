package org.colombier.server.imap;

/** RFC 3501 6.1.3. */
final class LogoutCommand implements ImapCommand {
    @Override
    public void execute(ImapSession session, ImapRequest request) {
        if (session.rejectArguments(request)) {
            return;
        }
        session.untagged("BYE Logging out");
        session.connection().goodbye(request.tag() + " OK Logout completed.", "Logged out");
    }
}
