package org.colombier.server.imap.protocol.command;

import java.util.List;

/** One FETCH data item (RFC 3501 6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ). */
public sealed interface FetchItem {

    /** A partial range {@code <offset.length>}. */
    record Partial(long offset, long length) {
    }

    /** The items named by a plain word. */
    enum Kind {
        FLAGS("FLAGS"), INTERNALDATE("INTERNALDATE"), RFC822("RFC822"), RFC822_HEADER("RFC822.HEADER"),
        RFC822_SIZE("RFC822.SIZE"), RFC822_TEXT("RFC822.TEXT"), UID("UID"), ENVELOPE("ENVELOPE"),
        BODY("BODY"), BODYSTRUCTURE("BODYSTRUCTURE"), MODSEQ("MODSEQ");

        private final String imapName;

        Kind(String imapName) {
            this.imapName = imapName;
        }

        public String imapName() {
            return imapName;
        }
    }

    record Attribute(Kind kind) implements FetchItem {
    }

    /** BODY[section]&lt;partial&gt; or, when {@code peek}, BODY.PEEK[...]; partial null when absent. */
    record BodySection(boolean peek, Section section, Partial partial) implements FetchItem {
        /** The item's name in the response: {@code BODY[section]} and {@code <offset>} if partial. */
        public String responseName() {
            return "BODY[" + section + "]" + (partial == null ? "" : "<" + partial.offset() + ">");
        }
    }

    /** BINARY[part]&lt;partial&gt; or BINARY.PEEK[...]: the part with its transfer encoding undone. */
    record Binary(boolean peek, List<Integer> part, Partial partial) implements FetchItem {
        public Binary {
            part = List.copyOf(part);
        }

        public String responseName() {
            return "BINARY[" + path(part) + "]" + (partial == null ? "" : "<" + partial.offset() + ">");
        }
    }

    /** BINARY.SIZE[part]. */
    record BinarySize(List<Integer> part) implements FetchItem {
        public BinarySize {
            part = List.copyOf(part);
        }

        public String responseName() {
            return "BINARY.SIZE[" + path(part) + "]";
        }
    }

    private static String path(List<Integer> part) {
        StringBuilder sb = new StringBuilder();
        for (int p : part) {
            sb.append(sb.length() == 0 ? "" : ".").append(p);
        }
        return sb.toString();
    }
}
