package org.colombier.sieve.action;

import java.time.Duration;
import java.util.List;

/**
 * What a script decided. The caller (delivery) applies these in order; Sieve itself never touches storage or
 * sends mail.
 */
public sealed interface Action permits Action.Keep, Action.FileInto, Action.Redirect, Action.Discard, Action.Reject,
        Action.Ereject, Action.Vacation, Action.Notify, Action.AddHeader, Action.DeleteHeader {

    /** Store in the default mailbox (INBOX) with these IMAP flags. */
    record Keep(List<String> flags) implements Action {
        public Keep {
            flags = List.copyOf(flags);
        }
    }

    /** Store in {@code mailbox} (modified UTF-7 is the store's business); {@code create} it when missing (RFC 5490). */
    record FileInto(String mailbox, List<String> flags, boolean create, boolean copy) implements Action {
        public FileInto {
            flags = List.copyOf(flags);
        }
    }

    /** Resend the message unchanged to {@code address}; with {@code copy} the implicit keep still applies. */
    record Redirect(String address, boolean copy) implements Action { }

    /** Silently drop the message (cancels the implicit keep). */
    record Discard() implements Action { }

    /** RFC 5429 reject: refuse delivery and send an MDN/DSN with {@code reason}. */
    record Reject(String reason) implements Action { }

    /** RFC 5429 ereject: refuse at protocol level (LMTP 550 with {@code reason}) when possible. */
    record Ereject(String reason) implements Action { }

    /**
     * An auto-reply that passed every RFC 5230 check. Send it with an empty envelope sender to {@code to};
     * build the bytes with {@code VacationReplyBuilder}.
     *
     * @param to         the original envelope sender being answered
     * @param from       the reply's From (the :from argument, or the recipient's address)
     * @param subject    already defaulted to "Auto: original subject"
     * @param reason     the body text, or a whole MIME entity when {@code mime}
     * @param inReplyTo  the original Message-ID, or null
     * @param references the original References plus its Message-ID, or null
     * @param handle     the key under which this reply is remembered per sender
     * @param period     how long no second reply goes to the same sender for this handle
     */
    record Vacation(String to, String from, String subject, String reason, boolean mime, String inReplyTo,
                    String references, String handle, Duration period) implements Action { }

    /** RFC 5435 notification; {@code method} is a mailto: URI. */
    record Notify(String method, String from, int importance, List<String> options, String message) implements Action {
        public Notify {
            options = List.copyOf(options);
        }
    }

    /** RFC 5293 addheader, applied before the message is stored. */
    record AddHeader(String name, String value, boolean last) implements Action { }

    /** RFC 5293 deleteheader; the effect is already reflected in {@code SieveResult.headers()}. */
    record DeleteHeader(String name, int deleted) implements Action { }
}
