package org.colombier.api.storage;

/**
 * The IMAP system flags a store keeps (RFC 3501 2.3.2). {@code \Recent} is not one of them: it
 * belongs to a session's view of a mailbox, not to the message.
 */
public enum SystemFlag {
    ANSWERED("\\Answered", 'R'),
    FLAGGED("\\Flagged", 'F'),
    DELETED("\\Deleted", 'T'),
    SEEN("\\Seen", 'S'),
    DRAFT("\\Draft", 'D');

    private final String imapName;
    private final char maildirLetter;

    SystemFlag(String imapName, char maildirLetter) {
        this.imapName = imapName;
        this.maildirLetter = maildirLetter;
    }

    /** The flag as IMAP writes it, e.g. {@code \Seen}. */
    public String imapName() {
        return imapName;
    }

    /** The Maildir info letter Dovecot uses for this flag (cr.yp.to/proto/maildir.html). */
    public char maildirLetter() {
        return maildirLetter;
    }

    /** The flag named {@code name} (case-insensitive, with its backslash), or null. */
    public static SystemFlag fromImapName(String name) {
        for (SystemFlag f : values()) {
            if (f.imapName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }
}
