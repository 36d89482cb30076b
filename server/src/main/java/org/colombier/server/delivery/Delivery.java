package org.colombier.server.delivery;

import org.colombier.api.storage.MessageSource;

/**
 * Local delivery, shared by every LMTP session: checks recipients at RCPT time and stores a
 * message for one recipient, independently of the others. Methods block (userdb, disk) and are
 * called from session workers, never from I/O threads.
 */
public interface Delivery {
    RecipientCheck check(String address);

    /**
     * Delivers {@code message} (as received, without trace headers) to one recipient. A
     * {@link DeliveryResult.Saved} is returned only once every copy is durably on disk.
     */
    DeliveryResult deliver(Envelope envelope, Recipient recipient, MessageSource message);
}
