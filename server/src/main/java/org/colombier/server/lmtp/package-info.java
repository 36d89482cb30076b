/**
 * LMTP (RFC 2033) with PIPELINING, CHUNKING, SIZE, 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES and
 * STARTTLS, on inet listeners and on {@code unix_listener} sockets.
 *
 * <p>Input reaches the session as raw bytes ({@link org.colombier.server.net.InputBytes}) and is
 * framed by {@link org.colombier.server.lmtp.LmtpInput} on the session's worker: whether the bytes
 * after {@code DATA} or {@code BDAT} are a message depends on the session's answer (were there
 * valid recipients?), which an I/O-thread decoder cannot know without a pause-and-resume
 * handshake. Bodies stream into a {@link org.colombier.server.lmtp.MessageSpool} (memory below a
 * threshold, a temp file above it) and are handed to {@link org.colombier.server.delivery.Delivery}
 * once complete; each recipient's reply is written after its copy is synced to disk.
 */
package org.colombier.server.lmtp;
