package org.colombier.server.delivery;

import java.util.List;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MessageSource;

/**
 * Decides what to do with a message for one recipient; the Sieve interpreter implements this.
 * Rules never touch storage: {@link Delivery} applies the actions through a {@link DeliveryTarget}.
 */
@FunctionalInterface
public interface DeliveryRules {
    /** No rules: keep every message in the default mailbox. */
    DeliveryRules KEEP = (envelope, recipient, message) -> List.of(new DeliveryAction.Keep(Flags.NONE));

    /**
     * @return the actions in order; an empty list keeps nothing (like an explicit discard)
     * @throws DeliveryException when the rules cannot be evaluated now (the MTA retries)
     */
    List<DeliveryAction> actions(Envelope envelope, Recipient recipient, MessageSource message) throws DeliveryException;
}
