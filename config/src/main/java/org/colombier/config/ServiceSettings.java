package org.colombier.config;

import java.util.List;

/**
 * A {@code service NAME { ... }} section: {@code imap-login}, {@code pop3-login}, {@code lmtp},
 * {@code doveadm} ...
 */
public record ServiceSettings(String name, List<InetListener> inetListeners, List<UnixListener> unixListeners) {
    public ServiceSettings {
        inetListeners = List.copyOf(inetListeners);
        unixListeners = List.copyOf(unixListeners);
    }

    /** The protocol this service speaks: {@code imap-login} speaks {@code imap}. */
    public String protocol() {
        return name.endsWith("-login") ? name.substring(0, name.length() - "-login".length()) : name;
    }
}
