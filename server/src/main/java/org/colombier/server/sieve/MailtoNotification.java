package org.colombier.server.sieve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.colombier.sieve.action.Action;
import org.colombier.sieve.mail.Rfc2047;

/**
 * The message an RFC 5436 {@code mailto:} notification sends: recipients and {@code subject}/{@code body}
 * from the URI (RFC 6068), {@code Auto-Submitted: auto-notified}, sent with a null envelope sender
 * so that nothing answers it.
 *
 * @param recipients where it goes
 * @param message    the RFC 5322 bytes
 */
record MailtoNotification(List<String> recipients, byte[] message) {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    /** @return the notification, or null when the method is not a usable mailto: URI */
    static MailtoNotification of(Action.Notify notify, String defaultFrom, String hostname, ZonedDateTime date) {
        String uri = notify.method();
        if (!uri.regionMatches(true, 0, "mailto:", 0, 7)) {
            return null;
        }
        int query = uri.indexOf('?');
        List<String> recipients = new ArrayList<>();
        for (String to : uri.substring(7, query < 0 ? uri.length() : query).split(",")) {
            addAddress(recipients, decode(to));
        }
        String subject = null;
        String body = null;
        if (query >= 0) {
            for (String pair : uri.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (name) {
                    case "to" -> {
                        for (String to : value.split(",")) {
                            addAddress(recipients, to);
                        }
                    }
                    case "subject" -> subject = value;
                    case "body" -> body = value;
                    default -> {
                        // other header fields (cc, from, ...) are not taken from the URI, as RFC 5436 section 2.7 advises
                    }
                }
            }
        }
        if (recipients.isEmpty()) {
            return null;
        }
        if (subject == null) {
            subject = notify.message() != null ? notify.message() : "[SIEVE] New mail notification";
        }
        if (body == null) {
            body = notify.message() != null ? notify.message() : "You have received a new message.";
        }
        String from = notify.from() != null ? notify.from() : defaultFrom;
        StringBuilder sb = new StringBuilder();
        sb.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(hostname).append(">\r\n");
        sb.append("Date: ").append(DATE.format(date)).append("\r\n");
        sb.append("From: ").append(oneLine(from)).append("\r\n");
        sb.append("To: ").append(String.join(", ", recipients.stream().map(r -> "<" + r + ">").toList())).append("\r\n");
        sb.append("Subject: ").append(Rfc2047.encode(oneLine(subject))).append("\r\n");
        sb.append("Auto-Submitted: auto-notified\r\n");
        sb.append("Precedence: bulk\r\n");
        sb.append("MIME-Version: 1.0\r\n");
        sb.append("Content-Type: text/plain; charset=utf-8\r\n");
        sb.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        sb.append(body.replaceAll("\r?\n", "\r\n"));
        if (sb.charAt(sb.length() - 1) != '\n') {
            sb.append("\r\n");
        }
        return new MailtoNotification(recipients, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void addAddress(List<String> recipients, String address) {
        String a = address.trim();
        if (!a.isEmpty() && a.indexOf('@') > 0 && a.chars().noneMatch(c -> c < 0x21 || c == '<' || c == '>')) {
            recipients.add(a);
        }
    }

    /** RFC 3986 percent-decoding ("+" is a plus here); a broken escape is kept as written. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\r\n]+", " ");
    }
}
