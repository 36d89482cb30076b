package org.colombier.sieve.reject;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.colombier.sieve.Envelope;
import org.colombier.sieve.action.Action;
import org.colombier.sieve.mail.HeaderField;
import org.colombier.sieve.mail.Rfc2047;

/**
 * Builds the RFC 5429 section 2.1.1 rejection notice for a {@link Action.Reject} that could not be refused at
 * protocol level: an RFC 3798 MDN (multipart/report) with the reason and the original header. Send it with an
 * empty envelope sender to the original envelope sender; never for a message that had a null sender.
 */
public final class RejectNoticeBuilder {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private RejectNoticeBuilder() {
    }

    /**
     * @param original   the rejected message's header fields (only the header is returned, to keep notices small)
     * @param envelope   the delivery's envelope; {@code to} is reported as the final recipient
     * @param postmaster the notice's From address
     * @param hostname   used in the Message-ID and Reporting-UA
     */
    public static byte[] build(Action.Reject reject, List<HeaderField> original, Envelope envelope, String postmaster,
                               String hostname, ZonedDateTime date) {
        String boundary = "colombier-" + UUID.randomUUID();
        String subject = null;
        String messageId = null;
        for (HeaderField h : original) {
            if (subject == null && h.name().equalsIgnoreCase("Subject")) {
                subject = h.decoded();
            } else if (messageId == null && h.name().equalsIgnoreCase("Message-ID")) {
                messageId = h.unfolded();
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, "Message-ID: <" + UUID.randomUUID() + "@" + hostname + ">");
        line(sb, "Date: " + DATE.format(date));
        line(sb, "From: Mail Delivery Subsystem <" + postmaster + ">");
        line(sb, "To: <" + envelope.from() + ">");
        line(sb, "Subject: " + Rfc2047.encode("Rejected: " + (subject == null ? "(no subject)" : subject)));
        if (messageId != null) {
            line(sb, "In-Reply-To: " + messageId);
        }
        line(sb, "Auto-Submitted: auto-replied (rejected)");
        line(sb, "Precedence: bulk");
        line(sb, "MIME-Version: 1.0");
        line(sb, "Content-Type: multipart/report; report-type=disposition-notification;");
        line(sb, "\tboundary=\"" + boundary + "\"");
        line(sb, "");
        line(sb, "This is a MIME-encapsulated message.");
        line(sb, "");
        line(sb, "--" + boundary);
        line(sb, "Content-Type: text/plain; charset=utf-8");
        line(sb, "Content-Disposition: inline");
        line(sb, "Content-Transfer-Encoding: 8bit");
        line(sb, "");
        line(sb, "Your message to <" + envelope.to() + "> was automatically rejected:");
        sb.append(reject.reason().replaceAll("\r?\n", "\r\n"));
        if (!reject.reason().endsWith("\n")) {
            sb.append("\r\n");
        }
        line(sb, "");
        line(sb, "--" + boundary);
        line(sb, "Content-Type: message/disposition-notification");
        line(sb, "");
        line(sb, "Reporting-UA: " + hostname + "; Colombier Sieve");
        line(sb, "Final-Recipient: rfc822; " + envelope.to());
        if (messageId != null) {
            line(sb, "Original-Message-ID: " + messageId);
        }
        line(sb, "Disposition: automatic-action/MDN-sent-automatically; deleted");
        line(sb, "");
        line(sb, "--" + boundary);
        line(sb, "Content-Type: text/rfc822-headers");
        line(sb, "");
        for (HeaderField h : original) {
            line(sb, h.name() + ": " + h.value());
        }
        line(sb, "");
        line(sb, "--" + boundary + "--");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(text).append("\r\n");
    }
}
