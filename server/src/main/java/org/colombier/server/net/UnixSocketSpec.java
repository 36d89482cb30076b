package org.colombier.server.net;

import java.nio.file.Path;

/**
 * One {@code unix_listener}, resolved and ready to bind.
 *
 * @param service       the Dovecot service it belongs to, e.g. {@code lmtp}
 * @param path          the socket file, already resolved against {@code base_dir}
 * @param mode          the socket file's permission bits, e.g. {@code 0600}
 * @param maxLineLength the longest command line accepted, CRLF excluded
 * @param sessions      creates the protocol session for each connection
 * @param rawInput      the session decodes its own input ({@link InputBytes})
 */
public record UnixSocketSpec(String service, Path path, int mode, int maxLineLength, ProtocolSession.Factory sessions,
                             boolean rawInput) {
}
