package org.colombier.server.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A message's MIME structure, parsed once from its bytes: the tree of {@link MimePart}s with where
 * each header and body lies, the Content-* fields and the envelope of every message in it. Never
 * fails on bad mail: what cannot be parsed stays opaque bytes.
 */
public final class MessageStructure {
    private final MimePart root;
    private final long size;

    private MessageStructure(MimePart root, long size) {
        this.root = root;
        this.size = size;
    }

    /** Parses a message read whole from {@code in} (not closed). */
    public static MessageStructure parse(InputStream in) throws IOException {
        return parse(in.readAllBytes(), MimeLimits.DEFAULT);
    }

    public static MessageStructure parse(byte[] message) {
        return parse(message, MimeLimits.DEFAULT);
    }

    public static MessageStructure parse(byte[] message, MimeLimits limits) {
        return new MessageStructure(new MimeParser(message, limits).parseMessage(0, message.length, 0), message.length);
    }

    /** The message itself: its header, body and, when multipart, its parts. */
    public MimePart root() {
        return root;
    }

    public Envelope envelope() {
        return root.envelope();
    }

    /** The message's size in bytes. */
    public long size() {
        return size;
    }

    /**
     * The part an IMAP part path names ({@code [1, 2]} for {@code 1.2}), or null when there is none.
     * An empty path is the message. Part 1 of a message that is not multipart is its body; a number
     * after a message/rfc822 part indexes into the enclosed message.
     */
    public MimePart part(List<Integer> path) {
        MimePart part = root;
        for (int i = 0; i < path.size(); i++) {
            MimePart container = part;
            if (i > 0) {
                if (part.kind() == MimePart.Kind.MESSAGE) {
                    container = part.message();
                } else if (part.kind() != MimePart.Kind.MULTIPART) {
                    return null;
                }
            }
            int n = path.get(i);
            if (container.kind() == MimePart.Kind.MULTIPART) {
                if (n < 1 || n > container.children().size()) {
                    return null;
                }
                part = container.children().get(n - 1);
            } else if (n == 1) {
                part = container;
            } else {
                return null;
            }
        }
        return part;
    }
}
