package org.colombier.server.mime;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The part of a message's top-level header that the mailbox cache keeps for SEARCH (HEADER, FROM,
 * TO, CC, BCC, SUBJECT, SENT*), so a repeated search opens no message file. It is the whole header
 * except the bulky trace and signature fields ({@code Received}, DKIM, ARC ...): they are most of a
 * modern header's bytes and clients hardly search them; a key that names one reads the file.
 * Dovecot caches the fields clients asked for; keeping all the others answers any HEADER key
 * (List-Id, X-Spam-Flag ...) from the first search on, for about a kilobyte a message.
 */
public final class SearchHeader {
    /** The cache field name; its version changes whenever what is kept changes. */
    public static final String CACHE_FIELD = "imap.search.header.1";

    private static final Set<String> LEFT_OUT = Set.of("received", "x-received", "dkim-signature",
            "x-google-dkim-signature", "domainkey-signature", "arc-seal", "arc-message-signature",
            "arc-authentication-results", "authentication-results");

    private SearchHeader() {
    }

    /** Whether the cached header holds every field named {@code fieldName}. */
    public static boolean covers(String fieldName) {
        return !LEFT_OUT.contains(fieldName.toLowerCase(Locale.ROOT));
    }

    /**
     * What to cache of a message's header block (CRLF line endings, as {@code MessageBytes}
     * reads it): the covered fields as written, in order, then the blank line.
     */
    public static byte[] of(byte[] headerBlock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(headerBlock.length, 4096));
        for (HeaderField f : MessageStructure.parse(headerBlock).root().header().fields()) {
            if (covers(f.name())) {
                out.writeBytes(MimeText.bytes(f.raw()));
                if (!f.raw().endsWith("\n")) {
                    out.write('\r'); // the last field of a message without a body
                    out.write('\n');
                }
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * The header fields of a block {@link #of} made. Its fields are whole fields as the MIME
     * parser split them, each ending in CRLF, so splitting it again is trivial: a field starts at
     * each line that does not begin with folding whitespace. Searching a large mailbox parses one
     * of these per message, so this does not go through the MIME parser.
     */
    public static Header parse(byte[] cached) {
        List<HeaderField> fields = new ArrayList<>();
        int start = 0;
        int end = cached.length;
        while (start < end && !(cached[start] == '\r' || cached[start] == '\n')) {
            int p = lineEnd(cached, start, end);
            while (p < end && (cached[p] == ' ' || cached[p] == '\t')) {
                p = lineEnd(cached, p, end);
            }
            int colon = start;
            while (colon < p && cached[colon] != ':') {
                colon++;
            }
            fields.add(new HeaderField(MimeText.trimWhitespace(MimeText.latin1(cached, start, colon - start)),
                    MimeText.latin1(cached, start, p - start), start));
            start = p;
        }
        return new Header(0, Math.min(end, start + 2), fields);
    }

    /** Just past the LF ending the line that starts at {@code p}, or {@code end}. */
    private static int lineEnd(byte[] b, int p, int end) {
        while (p < end && b[p] != '\n') {
            p++;
        }
        return Math.min(end, p + 1);
    }
}
