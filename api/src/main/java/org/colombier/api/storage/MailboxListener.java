package org.colombier.api.storage;

/**
 * Told when a mailbox changed, by a session of this process or (once detected) by another
 * process. It is called on the thread that made or found the change, so it must only take note
 * and wake its session (which then asks {@link Mailbox#changesSince(long)}), never do I/O.
 */
@FunctionalInterface
public interface MailboxListener {
    void mailboxChanged(MailboxPath mailbox, long highestModSeq);
}
