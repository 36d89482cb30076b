package org.colombier.server.net;

import java.net.InetSocketAddress;
import java.util.List;

/** A listener as bound: its actual addresses, with the ports the system chose for port 0. */
public record BoundListener(String service, String name, List<InetSocketAddress> addresses, boolean implicitTls) {
    public BoundListener {
        addresses = List.copyOf(addresses);
    }
}
