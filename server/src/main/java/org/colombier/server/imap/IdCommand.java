package org.colombier.server.imap;

import java.util.Locale;

/** RFC 2971. We tell the client who we are; what it tells us is only checked for shape. */
final class IdCommand implements ImapCommand {
    @Override
    public void execute(ImapSession session, ImapRequest request) {
        String arguments = request.arguments().trim();
        boolean wellFormed = arguments.toUpperCase(Locale.ROOT).equals("NIL")
                || (arguments.startsWith("(") && arguments.endsWith(")"));
        if (!wellFormed) {
            session.tagged(request, "BAD Error in IMAP command ID: Invalid parameters.");
            return;
        }
        session.untagged("ID (\"name\" \"Colombier\")");
        session.tagged(request, "OK ID completed.");
    }
}
