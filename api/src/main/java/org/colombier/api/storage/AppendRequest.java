package org.colombier.api.storage;

import java.time.Instant;

/**
 * A message to append: its bytes (with CRLF line endings), initial flags and internal date.
 *
 * @param internalDate the INTERNALDATE to store, or null for "now"
 * @param recent       whether the message counts as {@code \Recent} (true for deliveries and APPEND)
 */
public record AppendRequest(MessageSource content, Flags flags, Instant internalDate, boolean recent) {
    public static AppendRequest of(MessageSource content) {
        return new AppendRequest(content, Flags.NONE, null, true);
    }
}
