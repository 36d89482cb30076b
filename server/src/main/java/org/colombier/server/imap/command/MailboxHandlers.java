package org.colombier.server.imap.command;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.ImapSession;

/** What the mailbox-management commands share: a client's name to a store path. */
final class MailboxHandlers {
    private MailboxHandlers() {
    }

    /** The path of {@code name}; a trailing separator (CREATE "a/") is dropped, as RFC 3501 6.3.3 allows. */
    static MailboxPath path(ImapSession session, String name) throws StoreException {
        char sep = session.config().separator();
        String n = name;
        while (n.length() > 1 && n.charAt(n.length() - 1) == sep) {
            n = n.substring(0, n.length() - 1);
        }
        return session.names().path(n);
    }
}
