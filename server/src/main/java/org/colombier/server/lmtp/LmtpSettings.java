package org.colombier.server.lmtp;

import java.nio.file.Path;

/**
 * What an LMTP session needs besides the delivery service.
 *
 * @param hostname       the name in the greeting and the LHLO reply
 * @param maxLineLength  the longest command line
 * @param maxMessageSize the largest message accepted (advertised as {@code SIZE})
 * @param maxRecipients  the most recipients of one transaction
 * @param spoolDirectory where messages larger than {@code spoolMemory} are spooled
 * @param spoolMemory    the largest message kept in memory while it is received
 */
public record LmtpSettings(String hostname, int maxLineLength, long maxMessageSize, int maxRecipients,
                           Path spoolDirectory, int spoolMemory) {
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    public static final int DEFAULT_SPOOL_MEMORY = 128 * 1024;
}
