package org.colombier.api.storage.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A message's sizes as stored: its bytes, and its virtual size (IMAP RFC822.SIZE), which counts
 * every bare LF as CRLF as Dovecot does.
 */
public record MessageSizes(long size, long virtualSize) {
    /** Copies {@code in} to {@code out} (neither closed), counting both sizes on the way. */
    public static MessageSizes copy(InputStream in, OutputStream out) throws IOException {
        long size = 0;
        long bareLf = 0;
        int prev = -1;
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n' && prev != '\r') {
                    bareLf++;
                }
                prev = buf[i];
            }
            out.write(buf, 0, n);
            size += n;
        }
        return new MessageSizes(size, size + bareLf);
    }
}
