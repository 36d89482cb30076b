package org.colombier.server.pop3;

import java.io.IOException;
import java.io.InputStream;

import org.colombier.server.net.Connection;

/**
 * The body of one RETR or TOP response on its way out: read from the store a chunk at a time,
 * encoded and written without waiting. When the client falls behind, {@link #send} stops and the
 * connection calls back once the client has taken what was queued, so a client that stops reading
 * holds a little memory (about 100 KB) but no worker thread, until the write timeout ends it.
 */
final class MessageTransfer implements AutoCloseable {
    /** Input read per step; small, since every paused transfer keeps up to about this much queued. */
    private static final int CHUNK = 16 * 1024;

    private final Connection connection;
    private final InputStream in;
    private final MultiLineEncoder encoder;
    private final int number;
    private final byte[] buffer = new byte[CHUNK];
    private final byte[] out = new byte[MultiLineEncoder.maxOutput(CHUNK)];
    private boolean finished;

    MessageTransfer(Connection connection, InputStream in, MultiLineEncoder encoder, int number) {
        this.connection = connection;
        this.in = in;
        this.encoder = encoder;
        this.number = number;
    }

    /** The message number, for log lines. */
    int number() {
        return number;
    }

    /**
     * Sends as much as the client keeps up with. Returns true once the whole response, final dot
     * included, has gone out to the client; false while it is on its way: then {@code resume} runs
     * on the session's worker when the client has caught up or taken the end of the response (and
     * never if the connection ends first), and should call this again.
     */
    boolean send(Runnable resume) throws IOException {
        if (finished) {
            return true;
        }
        while (true) {
            int read = encoder.complete() ? -1 : in.read(buffer);
            if (read < 0) {
                int n = encoder.finish(out);
                finished = true;
                connection.writeLastBytes(out, n, resume);
                return false;
            }
            int n = encoder.encode(buffer, 0, read, out);
            if (n > 0 && !connection.writeBytes(out, n, resume)) {
                return false;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
