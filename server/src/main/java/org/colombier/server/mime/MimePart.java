package org.colombier.server.mime;

import java.util.List;

/**
 * One entity of a message's MIME tree: the message itself, a body part of a multipart, or a
 * message enclosed in a message/rfc822 part. Offsets and sizes are bytes of the raw message;
 * virtual sizes count line endings as CRLF (what IMAP reports). Strings are byte strings (one
 * char per byte), the way the header has them.
 */
public final class MimePart {
    /** What the body holds. */
    public enum Kind {
        /** A multipart body: {@link #children()}. */
        MULTIPART,
        /** A message/rfc822 body: {@link #message()} is the enclosed message. */
        MESSAGE,
        /** A text/* body (or one with no Content-Type). */
        TEXT,
        /** Any other single part. */
        BASIC
    }

    final Header header;
    final long bodyOffset;
    final long bodySize;
    final long bodyVirtualSize;
    final long bodyLines;
    final Kind kind;
    final String type;
    final String subtype;
    final List<Param> typeParams;
    final String id;
    final String description;
    final String encoding;
    final String md5;
    final String disposition;
    final List<Param> dispositionParams;
    final List<String> language;
    final String location;
    final List<MimePart> children;
    final MimePart message;
    final Envelope envelope;

    MimePart(Header header, long bodyOffset, long bodySize, long bodyVirtualSize, long bodyLines, Kind kind,
             ContentFields c, List<MimePart> children, MimePart message, Envelope envelope) {
        this.header = header;
        this.bodyOffset = bodyOffset;
        this.bodySize = bodySize;
        this.bodyVirtualSize = bodyVirtualSize;
        this.bodyLines = bodyLines;
        this.kind = kind;
        this.type = c.type();
        this.subtype = c.subtype();
        this.typeParams = c.typeParams();
        this.id = c.id();
        this.description = c.description();
        this.encoding = c.encoding();
        this.md5 = c.md5();
        this.disposition = c.disposition();
        this.dispositionParams = c.dispositionParams();
        this.language = c.language();
        this.location = c.location();
        this.children = List.copyOf(children);
        this.message = message;
        this.envelope = envelope;
    }

    public Header header() {
        return header;
    }

    public long headerOffset() {
        return header.offset();
    }

    public long headerSize() {
        return header.size();
    }

    public long bodyOffset() {
        return bodyOffset;
    }

    public long bodySize() {
        return bodySize;
    }

    /** The body size with line endings counted as CRLF: BODYSTRUCTURE's size. */
    public long bodyVirtualSize() {
        return bodyVirtualSize;
    }

    /** Lines of the body (LF count): BODYSTRUCTURE's line count. */
    public long bodyLines() {
        return bodyLines;
    }

    public Kind kind() {
        return kind;
    }

    /** The Content-Type's type as written, or null when absent or invalid (text/plain applies). */
    public String type() {
        return type;
    }

    public String subtype() {
        return subtype;
    }

    public List<Param> typeParams() {
        return typeParams;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The Content-Transfer-Encoding as written, or null (7bit). */
    public String encoding() {
        return encoding;
    }

    public String md5() {
        return md5;
    }

    public String disposition() {
        return disposition;
    }

    public List<Param> dispositionParams() {
        return dispositionParams;
    }

    /** Content-Language tags, or null when absent. */
    public List<String> language() {
        return language;
    }

    public String location() {
        return location;
    }

    /** The body parts of a multipart, in order; empty otherwise. */
    public List<MimePart> children() {
        return children;
    }

    /** For a message/rfc822 part, the enclosed message; null otherwise. */
    public MimePart message() {
        return message;
    }

    /** For a message (the top one or an enclosed one), its envelope; null for other parts. */
    public Envelope envelope() {
        return envelope;
    }

    /** A Content-Type parameter's raw value by name (case-insensitive), or null. */
    public String typeParam(String name) {
        for (Param p : typeParams) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.value();
            }
        }
        return null;
    }

    /** The charset parameter, or null. */
    public String charset() {
        return typeParam("charset");
    }
}
