package org.colombier.server.net;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One inet listener, resolved and ready to bind.
 *
 * @param service       the Dovecot service it belongs to, e.g. {@code imap-login}; names the log lines
 * @param name          the {@code inet_listener} name, e.g. {@code imaps}
 * @param addresses     where to bind; port 0 picks a free port
 * @param implicitTls   TLS handshake on connect ({@code ssl = yes} in the listener)
 * @param maxLineLength the longest command line accepted, CRLF excluded
 * @param sessions      creates the protocol session for each connection
 * @param rawInput      the session decodes its own input ({@link InputBytes}) instead of getting lines
 */
public record ListenerSpec(String service, String name, List<InetSocketAddress> addresses, boolean implicitTls,
                           int maxLineLength, ProtocolSession.Factory sessions, boolean rawInput) {
    public ListenerSpec {
        addresses = List.copyOf(addresses);
    }

    public ListenerSpec(String service, String name, List<InetSocketAddress> addresses, boolean implicitTls,
                        int maxLineLength, ProtocolSession.Factory sessions) {
        this(service, name, addresses, implicitTls, maxLineLength, sessions, false);
    }
}
