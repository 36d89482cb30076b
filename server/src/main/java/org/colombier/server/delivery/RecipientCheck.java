package org.colombier.server.delivery;

/** Whether an address can receive mail, as {@link Delivery#check} found at RCPT time. */
public sealed interface RecipientCheck {
    record Accepted(Recipient recipient) implements RecipientCheck {
    }

    record UnknownUser() implements RecipientCheck {
    }

    /** The userdb could not answer now. */
    record TemporaryFailure(String detail) implements RecipientCheck {
    }

    /** The user is already at the quota ({@code lmtp_rcpt_check_quota}). */
    record OverQuota(String message) implements RecipientCheck {
    }
}
