package org.colombier.api.storage;

/**
 * Why a storage operation failed. Each protocol maps these to its own response codes in one
 * place (IMAP {@code NO [NONEXISTENT]}, LMTP {@code 452 4.2.2}, ...), the way Dovecot's
 * {@code mail_error} enum is mapped.
 */
public enum StoreError {
    /** The mailbox or message does not exist. */
    NOT_FOUND,
    /** The mailbox already exists. */
    EXISTS,
    /** The message was expunged, possibly by another session or process. */
    EXPUNGED,
    /** Refused by permissions, or the name is not allowed (path tricks, reserved names). */
    NO_PERMISSION,
    /** The user's quota does not allow this. */
    OVER_QUOTA,
    /** The message is larger than the configured limit. */
    TOO_BIG,
    /** The mailbox is locked by someone else for longer than we waited. */
    IN_USE,
    /** The operation is not possible for this mailbox (e.g. deleting INBOX, a {@code \Noselect} parent). */
    NOT_POSSIBLE,
    /** A temporary failure (I/O error, lock timeout, disk full): retrying later may work. */
    TEMPORARY
}
