package org.colombier.server.mime;

import java.util.List;

/**
 * A message's ENVELOPE (RFC 3501 7.4.2) as Dovecot builds it: raw header values (encoded-words
 * left encoded, line breaks removed), null for an absent header. Address lists are null when the
 * header is absent or holds no address; {@link #sender()} and {@link #replyTo()} are as in the
 * message (the FROM fallback is applied when writing).
 */
public record Envelope(String date, String subject, List<Address> from, List<Address> sender,
                       List<Address> replyTo, List<Address> to, List<Address> cc, List<Address> bcc,
                       String inReplyTo, String messageId) {

    /** The envelope of a message header; a field given twice counts with its last value, as in Dovecot. */
    static Envelope of(Header header) {
        return new Envelope(value(header, "Date"), value(header, "Subject"), addresses(header, "From"),
                addresses(header, "Sender"), addresses(header, "Reply-To"), addresses(header, "To"),
                addresses(header, "Cc"), addresses(header, "Bcc"), value(header, "In-Reply-To"),
                value(header, "Message-ID"));
    }

    private static String value(Header header, String name) {
        HeaderField f = header.last(name);
        return f == null ? null : f.value();
    }

    private static List<Address> addresses(Header header, String name) {
        String v = value(header, name);
        if (v == null) {
            return null;
        }
        List<Address> list = AddressParser.parse(v);
        return list.isEmpty() ? null : List.copyOf(list);
    }
}
