package org.colombier.server.net;

/**
 * Bytes as they arrived, for a protocol that tokenizes its own input (IMAP, whose literals a line
 * decoder cannot frame). {@code underTls} as in {@link InputLine}.
 */
public record InputBytes(byte[] bytes, boolean underTls) {
}
