package org.colombier.server.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.colombier.server.imap.protocol.ResponseBuilder;

/**
 * Writes ENVELOPE, BODY and BODYSTRUCTURE exactly as Dovecot does (imap-envelope.c,
 * imap-bodystructure.c): same field order, NIL for absent values, FROM standing in for a missing
 * SENDER or REPLY-TO, {@code ("charset" "us-ascii")} added to text parts, a multipart without parts
 * given one empty text/plain part.
 *
 * <p>The output is the IMAP text itself (strings quoted or as literals), so it doubles as the
 * compact form to cache with {@code Mailbox.cache(uid, "imap.bodystructure", bytes)} and to write
 * back with {@link #write(ResponseBuilder, byte[])} without parsing the message again.
 */
public final class ImapMimeWriter {
    private static final String EMPTY_BODY = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)";
    private static final String EMPTY_BODYSTRUCTURE =
            "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    private ImapMimeWriter() {
    }

    /** The ENVELOPE value, a parenthesized list, as IMAP bytes. */
    public static byte[] envelope(Envelope envelope) {
        ImapMimeWriter w = new ImapMimeWriter();
        w.raw("(");
        w.envelopeFields(envelope);
        w.raw(")");
        return w.out.toByteArray();
    }

    /** The BODYSTRUCTURE value ({@code extended}) or the BODY value, as IMAP bytes. */
    public static byte[] bodyStructure(MessageStructure message, boolean extended) {
        ImapMimeWriter w = new ImapMimeWriter();
        w.raw("(");
        w.part(message.root(), extended);
        w.raw(")");
        return w.out.toByteArray();
    }

    /**
     * Appends a value made by {@link #envelope} or {@link #bodyStructure} (fresh or from the cache)
     * to a response, e.g. after {@code b.atom("BODYSTRUCTURE")}.
     */
    public static ResponseBuilder write(ResponseBuilder b, byte[] value) {
        // atom() writes each char as one byte: ISO-8859-1 gives back the exact bytes
        return b.atom(new String(value, StandardCharsets.ISO_8859_1));
    }

    private void envelopeFields(Envelope e) {
        nstring(e.date());
        raw(" ");
        nstring(e.subject());
        raw(" ");
        addresses(e.from());
        raw(" ");
        addresses(e.sender() != null ? e.sender() : e.from());
        raw(" ");
        addresses(e.replyTo() != null ? e.replyTo() : e.from());
        raw(" ");
        addresses(e.to());
        raw(" ");
        addresses(e.cc());
        raw(" ");
        addresses(e.bcc());
        raw(" ");
        nstring(e.inReplyTo());
        raw(" ");
        nstring(e.messageId());
    }

    private void addresses(List<Address> list) {
        if (list == null) {
            raw("NIL");
            return;
        }
        raw("(");
        for (Address a : list) {
            raw("(");
            nstring(a.name());
            raw(" ");
            nstring(a.route());
            raw(" ");
            nstring(a.mailbox());
            raw(" ");
            nstring(a.domain());
            raw(")");
        }
        raw(")");
    }

    private void part(MimePart p, boolean extended) {
        if (p.kind() == MimePart.Kind.MULTIPART) {
            multipart(p, extended);
        } else {
            single(p, extended);
        }
    }

    private void multipart(MimePart p, boolean extended) {
        if (p.children().isEmpty()) {
            raw(extended ? EMPTY_BODYSTRUCTURE : EMPTY_BODY);
        }
        for (MimePart child : p.children()) {
            raw("(");
            part(child, extended);
            raw(")");
        }
        raw(" ");
        string(p.subtype() == null ? "" : p.subtype());
        if (extended) {
            raw(" ");
            params(p.typeParams(), false);
            common(p);
        }
    }

    private void single(MimePart p, boolean extended) {
        boolean text = false;
        if (p.kind() == MimePart.Kind.MESSAGE) {
            raw("\"message\" \"rfc822\"");
        } else if (p.type() == null) {
            text = true;
            raw("\"text\" \"plain\"");
        } else {
            text = p.kind() == MimePart.Kind.TEXT;
            string(p.type());
            raw(" ");
            string(p.subtype());
        }
        raw(" ");
        params(p.typeParams(), text);
        raw(" ");
        nstring(p.id());
        raw(" ");
        nstring(p.description());
        raw(" ");
        if (p.encoding() != null) {
            string(p.encoding());
        } else {
            raw("\"7bit\"");
        }
        raw(" " + p.bodyVirtualSize());
        if (text) {
            raw(" " + p.bodyLines());
        } else if (p.kind() == MimePart.Kind.MESSAGE) {
            raw(" (");
            envelopeFields(p.message().envelope());
            raw(") (");
            part(p.message(), extended);
            raw(") " + p.bodyLines());
        }
        if (extended) {
            raw(" ");
            nstring(p.md5());
            common(p);
        }
    }

    /** Disposition, language and location: the extension data every part ends with. */
    private void common(MimePart p) {
        raw(" ");
        if (p.disposition() == null) {
            raw("NIL");
        } else {
            raw("(");
            string(p.disposition());
            raw(" ");
            params(p.dispositionParams(), false);
            raw(")");
        }
        raw(" ");
        if (p.language() == null) {
            raw("NIL");
        } else {
            raw("(");
            for (int i = 0; i < p.language().size(); i++) {
                raw(i == 0 ? "" : " ");
                string(p.language().get(i));
            }
            raw(")");
        }
        raw(" ");
        nstring(p.location());
    }

    private void params(List<Param> params, boolean defaultCharset) {
        if (params.isEmpty() && !defaultCharset) {
            raw("NIL");
            return;
        }
        raw("(");
        boolean charset = false;
        for (int i = 0; i < params.size(); i++) {
            Param param = params.get(i);
            raw(i == 0 ? "" : " ");
            charset |= param.name().equalsIgnoreCase("charset");
            string(param.name());
            raw(" ");
            string(param.value());
        }
        if (defaultCharset && !charset) {
            raw(params.isEmpty() ? "" : " ");
            raw("\"charset\" \"us-ascii\"");
        }
        raw(")");
    }

    private void raw(String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }

    private void nstring(String s) {
        if (s == null) {
            raw("NIL");
        } else {
            string(s);
        }
    }

    /**
     * A quoted string, or a literal for line breaks, NUL, 8-bit bytes or more than four characters
     * to escape (Dovecot's imap_append_string); line breaks were already removed from header values.
     */
    private void string(String s) {
        int escapes = 0;
        boolean literal = false;
        for (int i = 0; i < s.length() && !literal; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                literal = ++escapes > 4;
            } else {
                literal = c == '\r' || c == '\n' || c == 0 || c >= 0x80;
            }
        }
        if (literal) {
            raw("{" + s.length() + "}\r\n");
            raw(s);
            return;
        }
        raw("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.write('\\');
            }
            out.write(c);
        }
        raw("\"");
    }
}
