package org.colombier.api.storage;

import java.time.Instant;

/**
 * What a store knows of one message without opening it: everything a FETCH of UID, FLAGS,
 * RFC822.SIZE, INTERNALDATE or MODSEQ, a POP3 LIST or UIDL, needs.
 *
 * @param uid          the message's UID in its mailbox
 * @param modSeq       the mailbox modseq of the message's last change (append or flags)
 * @param size         the physical size of the stored bytes
 * @param virtualSize  the size with CRLF line endings: IMAP RFC822.SIZE and POP3 octet counts
 * @param internalDate the IMAP INTERNALDATE (for Maildir: the file's mtime, as in Dovecot)
 * @param flags        system flags and keywords
 * @param guid         the message GUID, or null where the backend has none
 * @param pop3Uidl     a POP3 UIDL stored for the message (migrated mail), or null
 */
public record MessageInfo(long uid, long modSeq, long size, long virtualSize, Instant internalDate,
                          Flags flags, String guid, String pop3Uidl) {
    public MessageInfo withFlags(Flags newFlags, long newModSeq) {
        return new MessageInfo(uid, newModSeq, size, virtualSize, internalDate, newFlags, guid, pop3Uidl);
    }
}
