package org.colombier.server.imap;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;

/** Mailbox names as IMAP clients write them (personal namespace prefix, separator) to store paths and back. */
public record MailboxNames(String prefix, char separator) {

    /** The path of a client's (already UTF-7-decoded) name; names that escape or are invalid are NO_PERMISSION. */
    public MailboxPath path(String name) throws StoreException {
        if (name.equalsIgnoreCase("INBOX")) {
            return MailboxPath.INBOX;
        }
        String n = name;
        if (!prefix.isEmpty()) {
            if (!n.startsWith(prefix)) {
                throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + name);
            }
            n = n.substring(prefix.length());
        }
        if (n.isEmpty()) {
            throw new StoreException(StoreError.NO_PERMISSION, "Invalid mailbox name: empty");
        }
        return MailboxPath.parse(n, separator);
    }

    public String name(MailboxPath path) {
        return path.isInbox() ? "INBOX" : prefix + path.join(separator);
    }
}
