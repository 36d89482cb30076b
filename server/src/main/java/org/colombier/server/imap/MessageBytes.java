package org.colombier.server.imap;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;

/**
 * A message's bytes as IMAP serves them: with CRLF line endings (Maildir files Dovecot or an MTA
 * wrote may have bare LF; RFC822.SIZE is the CRLF size).
 */
public final class MessageBytes {
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
     * Turns bare LF into CRLF as the bytes are read. The file underneath is read in buffered bulk
     * reads: one system call per byte made every message read (FETCH BODY[], ENVELOPE, SEARCH)
     * crawl.
     */
    public static InputStream crlf(InputStream in) {
        return new FilterInputStream(new BufferedInputStream(in, 64 * 1024)) {
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
