package org.colombier.api.storage;

/** Attributes a store reports of a mailbox in a listing (RFC 3501 LIST, RFC 3348 CHILDREN). */
public enum MailboxAttribute {
    /** The name exists only as a parent of other mailboxes; it holds no messages. */
    NOSELECT,
    /** No child mailbox can be created below this one. */
    NOINFERIORS,
    HAS_CHILDREN,
    HAS_NO_CHILDREN
}
