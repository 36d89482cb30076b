package org.colombier.server.mime;

import java.nio.charset.StandardCharsets;

import org.colombier.server.imap.protocol.command.CommandParseException;
import org.colombier.server.imap.protocol.command.FetchItem;
import org.colombier.server.imap.protocol.command.Section;

/** Test helpers: messages written with LF in text blocks, stored with CRLF as imaptest APPENDs them. */
final class Mail {
    private Mail() {
    }

    static byte[] crlf(String lfText) {
        return lfText.replaceAll("(?<!\r)\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The bytes BODY[spec]&lt;partial&gt; returns for {@code message}, or null for NIL. */
    static String fetch(byte[] message, String spec, FetchItem.Partial partial) {
        try {
            SectionContent c = Sections.resolve(MessageStructure.parse(message), Section.parse(spec), partial);
            if (c == null) {
                return null;
            }
            if (c instanceof SectionContent.Slice s) {
                return new String(message, (int) s.offset(), (int) s.length(), StandardCharsets.ISO_8859_1);
            }
            return text(((SectionContent.Bytes) c).bytes());
        } catch (CommandParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String fetch(byte[] message, String spec) {
        return fetch(message, spec, null);
    }

    static String bodyStructure(byte[] message) {
        return text(ImapMimeWriter.bodyStructure(MessageStructure.parse(message), true));
    }

    static String body(byte[] message) {
        return text(ImapMimeWriter.bodyStructure(MessageStructure.parse(message), false));
    }

    static String envelope(byte[] message) {
        return text(ImapMimeWriter.envelope(MessageStructure.parse(message).envelope()));
    }
}
