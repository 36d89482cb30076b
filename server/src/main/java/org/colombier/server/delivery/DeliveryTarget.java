package org.colombier.server.delivery;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreException;

/** Where the actions of one recipient's delivery are carried out: that user's mailboxes. */
public interface DeliveryTarget {
    /** True if {@code mailbox} exists and can hold messages. */
    boolean exists(MailboxPath mailbox) throws StoreException;

    /**
     * Stores {@code message} durably (file and directory synced) in {@code mailbox}, creating it
     * first when {@code create} is set and it is missing.
     */
    void save(MailboxPath mailbox, Flags flags, boolean create, MessageSource message) throws StoreException;
}
