package org.colombier.api.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of a message to store, which may be read more than once (a delivery to several
 * recipients, a retried write). Protocol code spools large messages to a file and small ones to
 * memory; the store only reads.
 */
public interface MessageSource {
    /** The number of bytes {@link #open()} yields. */
    long size();

    InputStream open() throws IOException;

    static MessageSource of(byte[] bytes) {
        return new MessageSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    static MessageSource of(Path file) throws IOException {
        long size = Files.size(file);
        return new MessageSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }

    /**
     * The bytes of {@code message} as stored in {@code mailbox}, opened only when read: a copy
     * between mailboxes or drivers that goes through the SPI.
     */
    static MessageSource of(Mailbox mailbox, MessageInfo message) {
        return new MessageSource() {
            @Override
            public long size() {
                return message.size();
            }

            @Override
            public InputStream open() throws IOException {
                try {
                    return mailbox.openMessage(message.uid());
                } catch (StoreException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        };
    }
}
