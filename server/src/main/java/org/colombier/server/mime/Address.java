package org.colombier.server.mime;

/**
 * One ENVELOPE address (RFC 3501 7.4.2): strings are raw (encoded-words left encoded), null for
 * NIL. A group start has only {@code mailbox} (the group name), a group end has all four null.
 */
public record Address(String name, String route, String mailbox, String domain) {
    static final Address GROUP_END = new Address(null, null, null, null);

    static Address groupStart(String name) {
        return new Address(null, null, name, null);
    }

    public boolean isGroupStart() {
        return mailbox != null && domain == null;
    }

    public boolean isGroupEnd() {
        return name == null && route == null && mailbox == null && domain == null;
    }
}
