package org.colombier.server.imap.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of a literal a client sent: held in memory when small, otherwise in a temporary spool
 * file that {@link #close()} deletes. The {@link Request} that carries it closes it.
 */
public final class Literal implements AutoCloseable {
    private final long size;
    private final boolean binary;
    private final byte[] bytes;
    private final Path file;

    private Literal(long size, boolean binary, byte[] bytes, Path file) {
        this.size = size;
        this.binary = binary;
        this.bytes = bytes;
        this.file = file;
    }

    public static Literal inMemory(byte[] bytes, boolean binary) {
        return new Literal(bytes.length, binary, bytes, null);
    }

    /** A literal whose bytes are in {@code file}, owned from now on by the literal. */
    public static Literal spooled(Path file, long size, boolean binary) {
        return new Literal(size, binary, null, file);
    }

    public long size() {
        return size;
    }

    /** True for a BINARY {@code ~{n}} literal, which may hold NUL and unencoded 8-bit data. */
    public boolean binary() {
        return binary;
    }

    /** True when the bytes live in a spool file rather than in memory. */
    public boolean spooled() {
        return file != null;
    }

    public InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    /** The content as UTF-8 text: for the small literals of arguments such as passwords. */
    public String asString() {
        if (file == null) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete literal spool " + file, e);
            }
        }
    }
}
