package org.colombier.server.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.colombier.api.storage.MessageSource;

/** Finds a message's {@code Message-ID:} for log lines, reading at most the first 64 KB of its header. */
final class MessageIds {
    private static final int MAX_HEADER = 64 * 1024;
    private static final int MAX_ID = 200;

    private MessageIds() {
    }

    /** The id with its angle brackets, or {@code ""} when there is none. */
    static String of(MessageSource message) {
        byte[] head;
        try (InputStream in = message.open()) {
            head = in.readNBytes(MAX_HEADER);
        } catch (IOException e) {
            return "";
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String header = end < 0 ? text : text.substring(0, end + 2);
        // unfold, then look for the field at the start of a line
        String unfolded = ("\r\n" + header).replaceAll("\r\n[ \t]+", " ");
        for (String line : unfolded.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Message-ID")) {
                String id = line.substring(colon + 1).trim();
                return id.length() > MAX_ID ? id.substring(0, MAX_ID) : id;
            }
        }
        return "";
    }
}
