package org.colombier.server.delivery;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;

/** A {@link DeliveryTarget} on a user's mailboxes; the store's append syncs file and directory. */
final class MailboxTarget implements DeliveryTarget {
    private final UserMailboxes mailboxes;

    MailboxTarget(UserMailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    @Override
    public boolean exists(MailboxPath mailbox) throws StoreException {
        try (Mailbox opened = mailboxes.open(mailbox)) {
            return opened != null;
        } catch (StoreException e) {
            if (e.error() == StoreError.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void save(MailboxPath mailbox, Flags flags, boolean create, MessageSource message) throws StoreException {
        if (create && !mailbox.isInbox() && !exists(mailbox)) {
            try {
                mailboxes.create(mailbox);
                mailboxes.subscribe(mailbox);
            } catch (StoreException e) {
                // created meanwhile by another delivery or client: fine
                if (e.error() != StoreError.EXISTS) {
                    throw e;
                }
            }
        }
        try (Mailbox opened = mailboxes.open(mailbox)) {
            opened.append(new AppendRequest(message, flags, null, true));
        }
    }
}
