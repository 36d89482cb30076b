package org.colombier.server.imap;

import java.util.ArrayList;
import java.util.List;

import org.colombier.server.imap.protocol.Response;

/**
 * Untagged responses of one command gathered into writes of about 64 KiB, so a FETCH over
 * thousands of messages is a few socket writes instead of one write (and one wake-up of the I/O
 * thread) per line. Close it before anything else is sent, so the order on the wire is kept.
 */
public final class ResponseBatch implements AutoCloseable {
    private static final long FLUSH_BYTES = 64 * 1024;

    private final ImapSession session;
    private final List<Response> pending = new ArrayList<>();
    private long bytes;

    public ResponseBatch(ImapSession session) {
        this.session = session;
    }

    public void add(Response response) {
        pending.add(response);
        bytes += response.length();
        if (bytes >= FLUSH_BYTES) {
            flush();
        }
    }

    /** Sends what was gathered. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Response all = pending.size() == 1 ? pending.get(0) : Response.concat(pending);
        pending.clear();
        bytes = 0;
        session.send(all);
    }

    @Override
    public void close() {
        flush();
    }
}
