package org.colombier.server.lmtp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.colombier.api.storage.MessageSource;

/**
 * One received message, written once and read once per recipient: in memory up to
 * {@code memoryLimit} bytes, then in a temporary file (deleted on {@link #close()}). Bytes past
 * {@code maxSize} are counted but not kept, so an over-large message costs no space and the
 * session can still answer {@code 552} once the client has sent it all.
 */
final class MessageSpool implements MessageSource, AutoCloseable {
    private final Path directory;
    private final int memoryLimit;
    private final long maxSize;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;
    private boolean tooBig;

    MessageSpool(Path directory, int memoryLimit, long maxSize) {
        this.directory = directory;
        this.memoryLimit = memoryLimit;
        this.maxSize = maxSize;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (tooBig) {
            return;
        }
        if (size + length > maxSize) {
            tooBig = true;
            discard();
            return;
        }
        size += length;
        if (fileOut == null && memory.size() + length > memoryLimit) {
            file = Files.createTempFile(directory, "lmtp-", ".eml");
            fileOut = Files.newOutputStream(file);
            memory.writeTo(fileOut);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(bytes, offset, length);
        } else {
            memory.write(bytes, offset, length);
        }
    }

    /** The message went past the size limit; nothing of it is kept. */
    boolean tooBig() {
        return tooBig;
    }

    /** Ends writing; the message can then be read any number of times. */
    void finish() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
    }

    /** True once the message did not fit in memory (tests check that large bodies leave the heap). */
    boolean onDisk() {
        return file != null;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        if (tooBig) {
            throw new IOException("message was larger than " + maxSize + " bytes and was not kept");
        }
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(memory.toByteArray());
    }

    private void discard() throws IOException {
        memory = new ByteArrayOutputStream();
        if (fileOut != null) {
            fileOut.close();
            fileOut = null;
            Files.deleteIfExists(file);
            file = null;
        }
    }

    @Override
    public void close() {
        try {
            discard();
        } catch (IOException e) {
            // a temp file we cannot delete is left for the OS's tmp cleaning; delivery is unaffected
        }
        memory = null;
    }
}
