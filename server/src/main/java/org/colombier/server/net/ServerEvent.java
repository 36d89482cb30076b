package org.colombier.server.net;

import org.apache.mina.filter.FilterEvent;

/** Events the server sends down each connection's filter chain, queued behind running commands. */
public enum ServerEvent implements FilterEvent {
    SHUTDOWN,
    /** {@code doveadm kick}: the protocol's goodbye, as Dovecot's processes say it when signalled. */
    KICK
}
