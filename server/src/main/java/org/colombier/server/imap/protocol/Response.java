package org.colombier.server.imap.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.io.input.BoundedInputStream;

/**
 * One response ready to send, produced chunk by chunk: literal bodies are read from their source
 * only as chunks are taken, so a 50 MB message never sits in memory. A session writes a chunk,
 * waits until it is sent, then asks for the next one. Close it if sending is abandoned.
 */
public final class Response implements AutoCloseable {
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

    /** Opens the bytes of a literal; called once, when the literal's turn comes. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;

        /**
         * {@code length} bytes of this source from {@code offset}: a partial fetch
         * ({@code BODY[]<offset.length>}) streamed without reading what comes after it.
         */
        default Source slice(long offset, long length) {
            return () -> {
                InputStream in = open();
                try {
                    in.skipNBytes(offset);
                } catch (IOException e) {
                    in.close();
                    throw e;
                }
                return BoundedInputStream.builder().setInputStream(in).setMaxCount(length).get();
            };
        }
    }

    record Body(long size, Source source) {
    }

    /** {@code byte[]} or {@link Body}, in order. */
    private final List<Object> parts;
    private final long length;
    private int index;
    private int offset;
    private InputStream stream;
    private long streamRemaining;
    private long sent;

    Response(List<Object> parts) {
        this.parts = List.copyOf(parts);
        long n = 0;
        for (Object p : parts) {
            n += p instanceof byte[] b ? b.length : ((Body) p).size();
        }
        this.length = n;
    }

    /**
     * The responses, none of them started, as one: a command's many small responses leave in a
     * few large writes. Literal bodies are still read only when their turn comes.
     */
    public static Response concat(List<Response> responses) {
        List<Object> parts = new ArrayList<>();
        for (Response r : responses) {
            parts.addAll(r.parts);
        }
        return new Response(parts);
    }

    /** The total number of bytes of the response. */
    public long length() {
        return length;
    }

    public boolean isDone() {
        return sent == length;
    }

    /** The next chunk of at most {@link #DEFAULT_CHUNK_SIZE} bytes, or null when all was produced. */
    public ByteBuffer nextChunk() throws IOException {
        return nextChunk(DEFAULT_CHUNK_SIZE);
    }

    /** The next chunk of at most {@code max} bytes, or null when all was produced. */
    public ByteBuffer nextChunk(int max) throws IOException {
        if (isDone()) {
            return null;
        }
        if (sent == 0 && parts.size() == 1 && parts.get(0) instanceof byte[] whole && whole.length <= max) {
            sent = length;
            index = 1;
            return ByteBuffer.wrap(whole);
        }
        byte[] buf = new byte[(int) Math.min(max, length - sent)];
        int n = 0;
        while (n < buf.length) {
            Object part = parts.get(index);
            if (part instanceof byte[] b) {
                int k = Math.min(b.length - offset, buf.length - n);
                System.arraycopy(b, offset, buf, n, k);
                n += k;
                offset += k;
                if (offset == b.length) {
                    index++;
                    offset = 0;
                }
            } else {
                Body body = (Body) part;
                if (stream == null) {
                    stream = body.source().open();
                    streamRemaining = body.size();
                }
                int k = streamRemaining == 0 ? 0
                        : stream.read(buf, n, (int) Math.min(buf.length - n, streamRemaining));
                if (k < 0) {
                    close();
                    throw new IOException("literal source ended " + streamRemaining + " bytes early");
                }
                n += k;
                streamRemaining -= k;
                if (streamRemaining == 0) {
                    stream.close();
                    stream = null;
                    index++;
                }
            }
        }
        sent += n;
        return ByteBuffer.wrap(buf);
    }

    /** All remaining bytes at once: for small responses and tests. */
    public byte[] toByteArray() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(length, 1 << 20));
        for (ByteBuffer b = nextChunk(); b != null; b = nextChunk()) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            InputStream s = stream;
            stream = null;
            s.close();
        }
    }
}
