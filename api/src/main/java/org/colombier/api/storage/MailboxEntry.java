package org.colombier.api.storage;

import java.util.Set;

/** One mailbox of a listing, with its attributes. */
public record MailboxEntry(MailboxPath path, Set<MailboxAttribute> attributes) {
    public MailboxEntry {
        attributes = Set.copyOf(attributes);
    }

    public boolean selectable() {
        return !attributes.contains(MailboxAttribute.NOSELECT);
    }
}
