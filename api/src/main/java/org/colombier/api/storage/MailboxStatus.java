package org.colombier.api.storage;

/**
 * Counters of a mailbox, as IMAP STATUS and SELECT report them.
 *
 * @param uidValidity   the UIDVALIDITY; changes only when UIDs are reassigned
 * @param uidNext       the UID the next message will get
 * @param messages      the number of messages
 * @param recent        messages not yet seen by any session (see {@link Mailbox#claimRecent()})
 * @param unseen        messages without {@code \Seen}
 * @param highestModSeq the modseq of the latest change
 * @param size          the sum of the messages' virtual sizes (STATUS=SIZE)
 * @param guid          the mailbox GUID
 */
public record MailboxStatus(long uidValidity, long uidNext, long messages, long recent, long unseen,
                            long highestModSeq, long size, String guid) {
}
