package org.colombier.server.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import org.colombier.api.storage.MessageSource;

/**
 * A message cut in two at the empty line that ends its header.
 *
 * @param header     the header octets, the empty line included (all of a message without body)
 * @param bodyOffset where the body starts in the message
 */
public record HeaderSplit(byte[] header, long bodyOffset) {
    /**
     * Reads the header of {@code message}, at most {@code limit} octets of it: a longer header is
     * cut there, and the rest counts as body.
     */
    public static HeaderSplit of(MessageSource message, int limit) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (InputStream in = new BufferedInputStream(message.open())) {
            int lineLength = 0;
            boolean crOnly = false;
            int c;
            while (header.size() < limit && (c = in.read()) >= 0) {
                header.write(c);
                if (c == '\n') {
                    if (lineLength == 0 || crOnly) {
                        break;
                    }
                    lineLength = 0;
                } else {
                    crOnly = lineLength == 0 && c == '\r';
                    lineLength++;
                }
            }
        }
        byte[] bytes = header.toByteArray();
        return new HeaderSplit(bytes, bytes.length);
    }

    /** {@code message} with {@code newHeader} in place of its header, read without copying the body. */
    public MessageSource replaceHeader(MessageSource message, byte[] newHeader) {
        return replace(message, bodyOffset, newHeader);
    }

    /** {@code message} with {@code newHeader} in place of its first {@code bodyOffset} octets. */
    public static MessageSource replace(MessageSource message, long bodyOffset, byte[] newHeader) {
        long bodySize = message.size() - bodyOffset;
        return new MessageSource() {
            @Override
            public long size() {
                return newHeader.length + bodySize;
            }

            @Override
            public InputStream open() throws IOException {
                InputStream body = message.open();
                body.skipNBytes(bodyOffset);
                return new SequenceInputStream(new ByteArrayInputStream(newHeader), body);
            }
        };
    }
}
