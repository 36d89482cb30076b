package org.colombier.api.storage;

import java.util.List;
import java.util.Set;

/** One user's mailboxes: the hierarchy, subscriptions and access to each mailbox. */
public interface UserMailboxes extends AutoCloseable {
    /** Every mailbox and every {@code \Noselect} parent, sorted; INBOX always exists. */
    List<MailboxEntry> list() throws StoreException;

    /** Opens a mailbox; {@link StoreError#NOT_FOUND} if there is none (or it is {@code \Noselect}). */
    Mailbox open(MailboxPath path) throws StoreException;

    /** Creates a mailbox and any missing parents. {@link StoreError#EXISTS} if it is there. */
    void create(MailboxPath path) throws StoreException;

    /**
     * Deletes a mailbox and its messages. A mailbox with children becomes {@code \Noselect} (as
     * in Dovecot); deleting INBOX is {@link StoreError#NOT_POSSIBLE}.
     */
    void delete(MailboxPath path) throws StoreException;

    /** Renames a mailbox with its children; renaming INBOX moves its messages to a new mailbox. */
    void rename(MailboxPath from, MailboxPath to) throws StoreException;

    Set<MailboxPath> subscriptions() throws StoreException;

    void subscribe(MailboxPath path) throws StoreException;

    void unsubscribe(MailboxPath path) throws StoreException;

    /**
     * Rebuilds the driver's index of the mailbox from its mail files, keeping UIDs ({@code doveadm
     * force-resync}); {@link StoreError#NOT_POSSIBLE} for a driver without a rebuildable index.
     */
    default void forceResync(MailboxPath path) throws StoreException {
        throw new StoreException(StoreError.NOT_POSSIBLE, "force-resync is not supported by this mail driver");
    }

    /** Status without keeping the mailbox open (IMAP STATUS, LIST-STATUS). */
    MailboxStatus status(MailboxPath path) throws StoreException;

    @Override
    void close();
}
