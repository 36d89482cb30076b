package org.colombier.server.mime;

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

    private static SectionContent header(MimePart p) {
        return new SectionContent.Slice(p.headerOffset(), p.headerSize());
    }

    private static SectionContent body(MimePart p) {
        return new SectionContent.Slice(p.bodyOffset(), p.bodySize());
    }
}
