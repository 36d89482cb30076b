package org.colombier.doveadm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;

/**
 * One message as search and fetch see it: its index record and sequence number, and its bytes
 * read from the store only when a header, body or text is asked for.
 */
final class Message {
    final Mailbox mailbox;
    final MessageInfo info;
    final long seq;
    /** Whether it is {@code \Recent} (not yet claimed by any IMAP session). */
    final boolean recent;
    private byte[] bytes;

    Message(Mailbox mailbox, MessageInfo info, long seq, boolean recent) {
        this.mailbox = mailbox;
        this.info = info;
        this.seq = seq;
        this.recent = recent;
    }

    /** The whole message as stored. */
    String text() throws StoreException {
        if (bytes == null) {
            try (InputStream in = mailbox.openMessage(info.uid())) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The header block, through its terminating empty line. */
    String header() throws StoreException {
        String text = text();
        int end = headerEnd(text);
        return text.substring(0, end);
    }

    String body() throws StoreException {
        String text = text();
        return text.substring(headerEnd(text));
    }

    private static int headerEnd(String text) {
        if (text.startsWith("\r\n")) {
            return 2;
        }
        if (text.startsWith("\n")) {
            return 1;
        }
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            return crlf + 4;
        }
        return lf >= 0 ? lf + 2 : text.length();
    }

    /** The unfolded values of the header fields named {@code name} (case-insensitive). */
    List<String> headerValues(String name) throws StoreException {
        List<String> values = new ArrayList<>();
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        String current = null;
        for (String line : header().split("\r?\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current != null) {
                    current += line;
                }
                continue;
            }
            if (current != null) {
                values.add(current.trim());
                current = null;
            }
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                current = line.substring(prefix.length());
            }
        }
        if (current != null) {
            values.add(current.trim());
        }
        return values;
    }
}
