package org.colombier.server.net;

import org.colombier.config.SslMode;

/**
 * What every protocol session needs to know about the server.
 *
 * @param hostname        the name in greetings and LHLO replies ({@code hostname}, else the machine's)
 * @param sslMode         {@code ssl}
 * @param allowCleartext  {@code auth_allow_cleartext}
 * @param loopbackSecure  loopback clients count as secure, as in Dovecot (false only in tests, see
 *                        {@code ServerOptions.loopbackCountsAsSecure})
 */
public record SessionSettings(String hostname, SslMode sslMode, boolean allowCleartext, boolean loopbackSecure) {
    /**
     * Whether a password may be sent in the clear on this connection, as in Dovecot: always under
     * TLS, never before TLS with {@code ssl = required}, otherwise on loopback or when
     * {@code auth_allow_cleartext = yes}.
     */
    public boolean cleartextAllowed(Connection connection) {
        if (connection.tls()) {
            return true;
        }
        if (sslMode == SslMode.REQUIRED) {
            return false;
        }
        return allowCleartext || secured(connection);
    }

    /** The connection is under TLS or from a loopback client that counts as secure. */
    public boolean secured(Connection connection) {
        return connection.tls() || loopbackSecure && connection.loopback();
    }
}
