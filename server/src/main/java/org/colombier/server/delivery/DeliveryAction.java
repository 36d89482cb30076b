package org.colombier.server.delivery;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailboxPath;

/**
 * What to do with a message for one recipient: what a Sieve script evaluates to (RFC 5228
 * {@code keep}, {@code fileinto}, {@code discard}, with RFC 5232 flags and RFC 5490
 * {@code :create}). Actions that send mail (redirect, reject, vacation) join this list together
 * with the submission client that carries them out.
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
}
