package org.colombier.sieve.vacation;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.colombier.sieve.action.Action;
import org.colombier.sieve.mail.Rfc2047;

/**
 * Builds the RFC 5322 bytes of a vacation reply: send them with an empty envelope sender ("&lt;&gt;") to
 * {@link Action.Vacation#to()}.
 */
public final class VacationReplyBuilder {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private VacationReplyBuilder() {
    }

    /**
     * @param messageIdDomain the right-hand side of the generated Message-ID (the server's hostname)
     * @param date            the Date of the reply
     */
    public static byte[] build(Action.Vacation v, String messageIdDomain, ZonedDateTime date) {
        StringBuilder sb = new StringBuilder();
        header(sb, "Message-ID", "<" + UUID.randomUUID() + "@" + messageIdDomain + ">");
        header(sb, "Date", DATE.format(date));
        header(sb, "From", v.from());
        header(sb, "To", "<" + v.to() + ">");
        header(sb, "Subject", Rfc2047.encode(v.subject()));
        if (v.inReplyTo() != null) {
            header(sb, "In-Reply-To", v.inReplyTo());
        }
        if (v.references() != null) {
            header(sb, "References", v.references());
        }
        header(sb, "Auto-Submitted", "auto-replied (vacation)");
        header(sb, "Precedence", "bulk");
        header(sb, "MIME-Version", "1.0");
        if (v.mime()) {
            // the reason is a complete MIME entity: its own header, a blank line, its body
            String entity = v.reason().replaceAll("\r?\n", "\r\n");
            if (entity.startsWith("\r\n")) {
                header(sb, "Content-Type", "text/plain; charset=us-ascii");
            }
            sb.append(entity);
        } else {
            boolean ascii = v.reason().chars().allMatch(c -> c < 0x80);
            header(sb, "Content-Type", "text/plain; charset=" + (ascii ? "us-ascii" : "utf-8"));
            header(sb, "Content-Transfer-Encoding", ascii ? "7bit" : "8bit");
            sb.append("\r\n").append(v.reason().replaceAll("\r?\n", "\r\n"));
        }
        if (sb.charAt(sb.length() - 1) != '\n') {
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(StringBuilder sb, String name, String value) {
        sb.append(name).append(": ").append(value.replaceAll("[\r\n]+(?![ \t])", " ")).append("\r\n");
    }
}
