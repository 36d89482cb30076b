package org.colombier.server.delivery;

import java.util.List;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreError;

/** How one recipient's delivery ended. */
public sealed interface DeliveryResult {
    /** Durably stored in these mailboxes; none when the rules discarded the message. */
    record Saved(List<MailboxPath> mailboxes) implements DeliveryResult {
        public Saved {
            mailboxes = List.copyOf(mailboxes);
        }
    }

    /** Refused for good by the recipient's rules (Sieve {@code ereject}); nothing stored. */
    record Refused(String reason) implements DeliveryResult {
    }

    /** Not stored; {@code error} says whether retrying can help. */
    record Failed(StoreError error, String message) implements DeliveryResult {
    }
}
