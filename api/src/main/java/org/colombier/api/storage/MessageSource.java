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
}
