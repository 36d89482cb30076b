package org.colombier.api.storage;

import java.util.List;

/**
 * Converts a user between storage drivers (Maildir to sdbox and back) the way {@code doveadm
 * sync} does a one-way backup: every mailbox with its UIDVALIDITY, UIDs, UIDNEXT, flags, keywords
 * and internal dates, and the subscriptions, through the storage SPI only. The target's mailboxes
 * must be new (no messages ever stored): UIDs can only grow, so a used mailbox cannot take them.
 * Run it with both servers stopped for that user, then switch the user's {@code mail_driver}.
 */
public final class MailboxCopier {
    /** What was copied. */
    public record Report(int mailboxes, long messages) {
    }

    private MailboxCopier() {
    }

    public static Report copyUser(UserMailboxes from, UserMailboxes to) throws StoreException {
        int boxes = 0;
        long messages = 0;
        List<MailboxEntry> entries = from.list();
        for (MailboxEntry e : entries) {
            if (e.selectable() && !e.path().equals(MailboxPath.INBOX) && !exists(to, e.path())) {
                to.create(e.path());
            }
        }
        for (MailboxEntry e : entries) {
            if (!e.selectable()) {
                continue;
            }
            try (Mailbox source = from.open(e.path()); Mailbox target = to.open(e.path())) {
                messages += copyMailbox(source, target);
                boxes++;
            }
        }
        for (MailboxPath p : from.subscriptions()) {
            to.subscribe(p);
        }
        return new Report(boxes, messages);
    }

    /** Copies every message of {@code source} into the new mailbox {@code target}, keeping UIDs; returns the count. */
    public static long copyMailbox(Mailbox source, Mailbox target) throws StoreException {
        MailboxStatus before = target.status();
        if (before.messages() != 0 || before.uidNext() != 1) {
            throw new StoreException(StoreError.NOT_POSSIBLE, "Target mailbox " + target.path() + " was already used");
        }
        MailboxStatus status = source.status();
        long n = 0;
        for (MessageInfo m : source.messages(UidSet.all())) {
            target.appendWithUid(m.uid(), new AppendRequest(MessageSource.of(source, m), m.flags(), m.internalDate(), false));
            n++;
        }
        target.adoptUidSpace(status.uidValidity(), status.uidNext());
        return n;
    }

    private static boolean exists(UserMailboxes user, MailboxPath path) throws StoreException {
        for (MailboxEntry e : user.list()) {
            if (e.path().equals(path)) {
                return e.selectable();
            }
        }
        return false;
    }
}
