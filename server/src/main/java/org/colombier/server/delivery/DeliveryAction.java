package org.colombier.server.delivery;

import java.util.List;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageSource;

/**
 * What to do with a message for one recipient: what a Sieve script evaluates to (RFC 5228
 * {@code keep}, {@code fileinto}, {@code discard}, {@code redirect}, with RFC 5232 flags, RFC 5490
 * {@code :create}, RFC 5293 header edits, RFC 5429 {@code ereject}, and the mail that vacation,
 * reject and notify send).
 */
public sealed interface DeliveryAction {
    /** Store in the default mailbox: INBOX, or the detail mailbox with {@code lmtp_save_to_detail_mailbox}. */
    record Keep(Flags flags) implements DeliveryAction {
    }

    /** Store in {@code mailbox}; when it does not exist, create it ({@code create}) or keep instead. */
    record FileInto(MailboxPath mailbox, Flags flags, boolean create) implements DeliveryAction {
    }

    /** Store nowhere; without a store action this cancels the implicit keep. */
    record Discard() implements DeliveryAction {
    }

    /** Refuse the message for this recipient at protocol level (LMTP {@code 550 5.7.1}); nothing is stored or sent. */
    record Refuse(String reason) implements DeliveryAction {
    }

    /**
     * The stored copies get {@code header} (up to and including the empty line) in place of the
     * message's first {@code bodyOffset} octets (its own header); the body is unchanged.
     */
    record ReplaceHeader(byte[] header, long bodyOffset) implements DeliveryAction {
    }

    /**
     * Send {@code message} to {@code recipients} through the outbox, once the copies are stored.
     *
     * @param mailFrom the envelope sender, {@code ""} for the null sender
     */
    record Send(String mailFrom, List<String> recipients, MessageSource message) implements DeliveryAction {
        public Send {
            recipients = List.copyOf(recipients);
        }
    }

    /** Runs once the delivery succeeded: every copy stored and every outgoing message queued. */
    record AfterDelivery(Runnable task) implements DeliveryAction {
    }
}
