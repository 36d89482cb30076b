package org.colombier.server.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.colombier.server.imap.protocol.command.FetchItem;
import org.colombier.server.imap.protocol.command.Section;

/** Finds what {@code BODY[section]<partial>} names in a parsed message (RFC 3501 6.4.5), as Dovecot. */
public final class Sections {
    private Sections() {
    }

    /**
     * The content of {@code section} cut to {@code partial} (null for none), or null when the
     * message has no such part (the answer is then NIL).
     */
    public static SectionContent resolve(MessageStructure message, Section section, FetchItem.Partial partial) {
        SectionContent whole = resolve(message, section);
        return whole == null ? null : whole.partial(partial);
    }

    private static SectionContent resolve(MessageStructure message, Section section) {
        MimePart part = message.part(section.part());
        if (part == null) {
            return null;
        }
        boolean top = section.part().isEmpty();
        // HEADER, TEXT and HEADER.FIELDS of a message/rfc822 part are those of the enclosed message
        MimePart msg = part.kind() == MimePart.Kind.MESSAGE && !top ? part.message() : part;
        return switch (section.kind()) {
            case ALL -> top ? new SectionContent.Slice(0, message.size()) : body(part);
            case MIME -> header(part);
            case HEADER -> header(msg);
            case TEXT -> body(msg);
            case HEADER_FIELDS -> new SectionContent.Bytes(msg.header().select(section.fields(), false));
            case HEADER_FIELDS_NOT -> new SectionContent.Bytes(msg.header().select(section.fields(), true));
        };
    }

    /**
     * {@code BINARY[part]<partial>} (RFC 3516): the part's body with its base64 or quoted-printable
     * encoding undone (multiparts as they are), or null when the message has no such part. Its
     * {@link SectionContent#length()} without a partial is BINARY.SIZE.
     *
     * @param raw the message's bytes
     * @throws UnknownEncodingException for an encoding that cannot be undone
     */
    public static SectionContent binary(MessageStructure message, byte[] raw, List<Integer> path,
                                        FetchItem.Partial partial) throws UnknownEncodingException {
        if (path.isEmpty()) {
            return new SectionContent.Slice(0, message.size()).partial(partial);
        }
        MimePart part = message.part(path);
        if (part == null) {
            return null;
        }
        String enc = part.encoding() == null ? "7bit" : part.encoding().toLowerCase(Locale.ROOT);
        if (part.kind() == MimePart.Kind.MULTIPART || enc.equals("7bit") || enc.equals("8bit") || enc.equals("binary")) {
            return body(part).partial(partial);
        }
        InputStream in = new ByteArrayInputStream(raw, (int) part.bodyOffset(), (int) part.bodySize());
        if (enc.equals("base64")) {
            in = new Base64InputStream(in, DecodeMonitor.SILENT);
        } else if (enc.equals("quoted-printable")) {
            in = new QuotedPrintableInputStream(in, DecodeMonitor.SILENT);
        } else {
            throw new UnknownEncodingException(part.encoding());
        }
        try {
            return new SectionContent.Bytes(in.readAllBytes()).partial(partial);
        } catch (IOException e) {
            // only a strict decoder reports bad input; a silent one never does
            throw new UnknownEncodingException(part.encoding());
        }
    }

    private static SectionContent header(MimePart p) {
        return new SectionContent.Slice(p.headerOffset(), p.headerSize());
    }

    private static SectionContent body(MimePart p) {
        return new SectionContent.Slice(p.bodyOffset(), p.bodySize());
    }
}
