package org.colombier.server.delivery;

import java.net.InetAddress;
import java.time.Instant;

/**
 * What the MTA said about a message, shared by its recipients.
 *
 * @param mailFrom      the reverse path, {@code ""} for the null sender
 * @param clientName    the name the client gave in LHLO
 * @param clientAddress the client's address, or null (a Unix socket)
 * @param sessionId     the connection's id, as in its log lines
 * @param transactionId this message's id, shown in replies and the {@code Received:} header
 * @param receivedAt    when the message was received
 */
public record Envelope(String mailFrom, String clientName, InetAddress clientAddress, String sessionId,
                       String transactionId, Instant receivedAt) {
}
