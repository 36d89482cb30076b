package org.colombier.server.delivery;

import java.io.IOException;
import java.util.List;

import org.colombier.api.storage.MessageSource;

/** Where mail the delivery sends (redirects, vacation replies, rejection notices) goes. */
@FunctionalInterface
public interface Outbox {
    /** No way out: any outgoing message fails the delivery temporarily rather than vanish. */
    Outbox NONE = (mailFrom, recipients, message) -> {
        throw new IOException("no submission_host is configured for outgoing mail");
    };

    /**
     * Takes charge of a message: when this returns it is durably queued (file and directory
     * synced) and will be sent, retried as long as the host refuses temporarily.
     *
     * @param mailFrom the envelope sender, {@code ""} for the null sender
     */
    void enqueue(String mailFrom, List<String> recipients, MessageSource message) throws IOException;
}
