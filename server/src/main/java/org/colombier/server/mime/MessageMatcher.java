package org.colombier.server.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.protocol.command.SearchKey;

/**
 * Evaluates a SEARCH key against one message (RFC 3501 6.4.4) the way Dovecot answers it: strings
 * match as case-insensitive substrings of RFC 2047-decoded header values; address headers are
 * matched in their normalized {@code Name <mailbox@domain>} form; BODY looks at the decoded
 * (transfer encoding and charset) text parts; TEXT also at the header; SENT* compare the Date:
 * header's own calendar day. Header keys use the session's cached search header when it has the
 * field ({@link SearchContext#searchHeader()}); the message is read and parsed only if a key needs
 * more.
 */
public final class MessageMatcher {
    private static final Set<String> ADDRESS_HEADERS = Set.of("from", "to", "cc", "bcc", "sender", "reply-to",
            "resent-from", "resent-to", "resent-cc", "resent-bcc", "resent-sender");
    private static final Pattern DATE = Pattern.compile("(\\d{1,2})\\s*-?\\s*([A-Za-z]{3})[A-Za-z]*\\s*-?\\s*(\\d{2,4})");
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private final SearchContext context;
    private byte[] message;
    private MessageStructure structure;
    private Header searchHeader;
    private boolean searchHeaderAsked;

    private MessageMatcher(SearchContext context) {
        this.context = context;
    }

    /** Whether the message of {@code context} matches {@code key}. */
    public static boolean matches(SearchKey key, SearchContext context) throws StoreException {
        return new MessageMatcher(context).match(key);
    }

    private boolean match(SearchKey key) throws StoreException {
        if (key instanceof SearchKey.All) {
            return true;
        } else if (key instanceof SearchKey.And and) {
            for (SearchKey k : and.keys()) {
                if (!match(k)) {
                    return false;
                }
            }
            return true;
        } else if (key instanceof SearchKey.Or or) {
            return match(or.left()) || match(or.right());
        } else if (key instanceof SearchKey.Not not) {
            return !match(not.key());
        } else if (key instanceof SearchKey.Flag f) {
            return context.info().flags().has(f.flag()) == f.set();
        } else if (key instanceof SearchKey.Keyword k) {
            return hasKeyword(k.keyword()) == k.set();
        } else if (key instanceof SearchKey.Recent r) {
            return context.recent() == r.recent();
        } else if (key instanceof SearchKey.Size s) {
            long size = context.info().virtualSize();
            return s.larger() ? size > s.size() : size < s.size();
        } else if (key instanceof SearchKey.Within w) {
            Duration age = Duration.between(context.info().internalDate(), context.now());
            // RFC 5032 as Dovecot: YOUNGER n is SINCE now-n (inclusive), OLDER n is BEFORE now-n
            return w.older() ? age.getSeconds() > w.seconds() : age.getSeconds() <= w.seconds();
        } else if (key instanceof SearchKey.ModSeq m) {
            return context.info().modSeq() >= m.modSeq();
        } else if (key instanceof SearchKey.Sequence s) {
            return context.inSequenceSet(s.set());
        } else if (key instanceof SearchKey.Uid u) {
            return context.inUidSet(u.set());
        } else if (key instanceof SearchKey.Date d) {
            LocalDate day = d.field() == SearchKey.DateField.INTERNAL
                    ? context.info().internalDate().atZone(context.zone()).toLocalDate()
                    : sentDate();
            return day != null && compare(day, d.comparison(), d.date());
        } else if (key instanceof SearchKey.Header h) {
            return header(h.field(), h.value());
        } else if (key instanceof SearchKey.Body b) {
            return body(structure().root(), fold(b.text()));
        } else if (key instanceof SearchKey.Text t) {
            String needle = fold(t.text());
            return headerText(structure().root().header(), needle) || body(structure().root(), needle);
        }
        throw new IllegalArgumentException("unknown search key " + key);
    }

    private boolean hasKeyword(String keyword) {
        for (String k : context.info().flags().keywords()) {
            if (k.equalsIgnoreCase(keyword)) {
                return true;
            }
        }
        return false;
    }

    private static boolean compare(LocalDate day, SearchKey.Comparison c, LocalDate date) {
        return switch (c) {
            case BEFORE -> day.isBefore(date);
            case ON -> day.isEqual(date);
            case SINCE -> !day.isBefore(date);
        };
    }

    /** The calendar day of the Date: header as written (its own zone), or null when absent or unreadable. */
    private LocalDate sentDate() throws StoreException {
        String value = topHeader("Date").value("Date");
        return value == null ? null : parseDay(value);
    }

    static LocalDate parseDay(String value) {
        Matcher m = DATE.matcher(value);
        if (!m.find()) {
            return null;
        }
        int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT));
        if (month < 0) {
            return null;
        }
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year < 50 ? 2000 : 1900;
        } else if (m.group(3).length() == 3) {
            year += 1900;
        }
        try {
            return LocalDate.of(year, month + 1, Integer.parseInt(m.group(1)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private boolean header(String field, String value) throws StoreException {
        List<HeaderField> fields = topHeader(field).all(field);
        if (value.isEmpty()) {
            return !fields.isEmpty();
        }
        String needle = fold(value);
        boolean address = ADDRESS_HEADERS.contains(field.toLowerCase(Locale.ROOT));
        for (HeaderField f : fields) {
            String text = address ? addressText(f.value()) : decodeWords(f.value());
            if (fold(text).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Addresses as Dovecot's message_address_write puts them for searching: {@code mailbox@domain},
     * {@code Name <@route:mailbox@domain>}, groups {@code name: ...;}; names RFC 2047-decoded.
     */
    static String addressText(String value) {
        StringBuilder sb = new StringBuilder();
        boolean groupStart = false;
        for (Address a : AddressParser.parse(value)) {
            if (a.isGroupEnd()) {
                sb.append(';');
                continue;
            }
            if (sb.length() > 0 && !groupStart) {
                sb.append(", ");
            }
            groupStart = a.isGroupStart();
            if (groupStart) {
                sb.append(decodeWords(a.mailbox())).append(": ");
                continue;
            }
            String addr = a.mailbox() + (AddressParser.MISSING_DOMAIN.equals(a.domain()) ? "" : "@" + a.domain());
            if (a.name() == null && a.route() == null) {
                sb.append(addr);
            } else {
                if (a.name() != null) {
                    sb.append(decodeWords(a.name())).append(' ');
                }
                sb.append('<').append(a.route() == null ? "" : a.route() + ":").append(addr).append('>');
            }
        }
        return sb.toString();
    }

    private static String decodeWords(String byteString) {
        return DecoderUtil.decodeEncodedWords(MimeText.bytesToText(byteString), DecodeMonitor.SILENT);
    }

    private boolean headerText(Header header, String needle) {
        for (HeaderField f : header.fields()) {
            if (fold(f.name() + ": " + decodeWords(f.value())).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** Searches the text of an entity's body: text parts decoded, enclosed messages' headers too. */
    private boolean body(MimePart entity, String needle) throws StoreException {
        switch (entity.kind()) {
            case MULTIPART -> {
                for (MimePart child : entity.children()) {
                    if (body(child, needle)) {
                        return true;
                    }
                }
                return false;
            }
            case MESSAGE -> {
                return headerText(entity.message().header(), needle) || body(entity.message(), needle);
            }
            case TEXT -> {
                return textContains(entity, needle);
            }
            default -> {
                return false;
            }
        }
    }

    /** Opens the bytes of a part's body, decoded or not. */
    @FunctionalInterface
    private interface Bytes {
        InputStream open();
    }

    /**
     * Whether a text part's decoded text contains {@code needle}: transfer encoding and charset
     * decoded as a stream and scanned in chunks, never held as one string.
     */
    private boolean textContains(MimePart part, String needle) throws StoreException {
        byte[] raw = message();
        Bytes body = () -> new ByteArrayInputStream(raw, (int) part.bodyOffset(), (int) part.bodySize());
        String enc = part.encoding() == null ? "" : part.encoding().toLowerCase(Locale.ROOT);
        Bytes decoded = switch (enc) {
            case "base64" -> () -> new Base64InputStream(body.open(), DecodeMonitor.SILENT);
            case "quoted-printable" -> () -> new QuotedPrintableInputStream(body.open(), DecodeMonitor.SILENT);
            default -> body;
        };
        try {
            return scan(decoded, part.charset(), needle);
        } catch (IOException e) {
            try {
                // a broken encoding: search what is there, as it is
                return scan(body, part.charset(), needle);
            } catch (IOException impossible) {
                throw new UncheckedIOException(impossible); // bytes in memory, decoded without reporting errors
            }
        }
    }

    /**
     * Scans {@code bytes} in {@code charset}. With none or US-ASCII: as UTF-8, and if the bytes turn
     * out not to be UTF-8 before a match, again from the start as ISO-8859-1 (the bytes as they are).
     */
    private static boolean scan(Bytes bytes, String charset, String needle) throws IOException {
        if (charset != null && !charset.equalsIgnoreCase("us-ascii")) {
            return TextScan.contains(new InputStreamReader(bytes.open(), Charsets.forName(charset, StandardCharsets.ISO_8859_1)), needle);
        }
        try {
            return TextScan.contains(new InputStreamReader(bytes.open(), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), needle);
        } catch (CharacterCodingException e) {
            return TextScan.contains(new InputStreamReader(bytes.open(), StandardCharsets.ISO_8859_1), needle);
        }
    }

    /** Case folding for comparisons (Dovecot uses i;unicode-casemap; lower-casing covers mail's common cases). */
    static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * The message's header for a key on {@code field}: the session's cached search header when it
     * holds that field and the message was not parsed anyway, else the parsed message's.
     */
    private Header topHeader(String field) throws StoreException {
        if (structure == null && SearchHeader.covers(field)) {
            if (!searchHeaderAsked) {
                searchHeaderAsked = true;
                searchHeader = context.searchHeader();
            }
            if (searchHeader != null) {
                return searchHeader;
            }
        }
        return structure().root().header();
    }

    private byte[] message() throws StoreException {
        if (message == null) {
            message = context.message();
        }
        return message;
    }

    private MessageStructure structure() throws StoreException {
        if (structure == null) {
            structure = context.cachedStructure();
        }
        if (structure == null) {
            structure = MessageStructure.parse(message());
        }
        return structure;
    }
}
