package org.colombier.config;

import java.util.List;

/**
 * An {@code inet_listener NAME { ... }} of a service.
 *
 * @param addresses the addresses to bind: the listener's {@code address}, else the global {@code listen}
 * @param port      0 means "any free port"; only code builds such a listener (tests), since a
 *                  dovecot.conf {@code port = 0} disables the listener as in Dovecot and never gets here
 * @param ssl       implicit TLS on connect
 */
public record InetListener(String name, List<String> addresses, int port, boolean ssl, SourceLocation where) {
    public InetListener {
        addresses = List.copyOf(addresses);
    }
}
