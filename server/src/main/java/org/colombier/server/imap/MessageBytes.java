package org.colombier.server.imap;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;

/**
 * A message's bytes as IMAP serves them: with CRLF line endings (Maildir files Dovecot or an MTA
 * wrote may have bare LF; RFC822.SIZE is the CRLF size).
 */
public final class MessageBytes {
    /** Bytes asked of the file per read while looking for the end of a header. */
    private static final int HEADER_CHUNK = 8192;

    private MessageBytes() {
    }

    /** The whole message with CRLF line endings. */
    public static byte[] read(Mailbox mailbox, long uid) throws StoreException {
        try (InputStream in = crlf(mailbox.openMessage(uid))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot read message " + uid, e);
        }
    }

    /**
     * The message's header block with CRLF line endings, the blank line that ends it included (all
     * of the message if it has no body): read in buffered chunks, and the file is closed at the
     * header/body boundary, so ENVELOPE and header searches never read a body.
     */
    public static byte[] readHeader(Mailbox mailbox, long uid) throws StoreException {
        try (InputStream in = crlf(mailbox.openMessage(uid), HEADER_CHUNK)) {
            return headerBlock(in);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot read message " + uid, e);
        }
    }

    /** The bytes of {@code in} (CRLF line endings) up to and including the first empty line. */
    static byte[] headerBlock(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        int n = 0;
        int scanned = 0;
        while (true) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int r = in.read(buf, n, Math.min(buf.length - n, HEADER_CHUNK));
            if (r < 0) {
                return Arrays.copyOf(buf, n);
            }
            n += r;
            // an empty line first, or CRLF CRLF: the boundary may straddle two reads
            if (n >= 2 && buf[0] == '\r' && buf[1] == '\n') {
                return Arrays.copyOf(buf, 2);
            }
            for (int i = Math.max(3, scanned); i < n; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return Arrays.copyOf(buf, i + 1);
                }
            }
            scanned = n;
        }
    }

    /**
     * Turns bare LF into CRLF as the bytes are read. The file underneath is read in buffered bulk
     * reads: one system call per byte made every message read (FETCH BODY[], ENVELOPE, SEARCH)
     * crawl.
     */
    public static InputStream crlf(InputStream in) {
        return crlf(in, 64 * 1024);
    }

    /** As {@link #crlf(InputStream)}, reading the file {@code bufferSize} bytes at a time. */
    static InputStream crlf(InputStream in, int bufferSize) {
        return new FilterInputStream(new BufferedInputStream(in, bufferSize)) {
            private final byte[] raw = new byte[8192];
            private int previous = -1;
            private boolean pendingLf;

            @Override
            public int read() throws IOException {
                if (pendingLf) {
                    pendingLf = false;
                    previous = '\n';
                    return '\n';
                }
                int b = super.read();
                if (b == '\n' && previous != '\r') {
                    pendingLf = true;
                    previous = '\r';
                    return '\r';
                }
                previous = b;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = 0;
                if (pendingLf) {
                    pendingLf = false;
                    previous = '\n';
                    buf[off + n++] = '\n';
                    if (n == len) {
                        return n;
                    }
                }
                // every raw byte becomes at most two, so half the room always fits (an LF that
                // does not fit is kept for the next read)
                int want = Math.min(raw.length, Math.max(1, (len - n) / 2));
                int r = in.read(raw, 0, want);
                if (r < 0) {
                    return n == 0 ? -1 : n;
                }
                for (int i = 0; i < r; i++) {
                    byte b = raw[i];
                    if (b == '\n' && previous != '\r') {
                        buf[off + n++] = '\r';
                        if (n < len) {
                            buf[off + n++] = '\n';
                        } else {
                            pendingLf = true;
                        }
                    } else {
                        buf[off + n++] = b;
                    }
                    previous = b;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = 0;
                while (k < n && read() >= 0) {
                    k++;
                }
                return k;
            }
        };
    }
}
