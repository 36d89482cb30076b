package org.colombier.config;

/** Dovecot's {@code ssl} setting. */
public enum SslMode {
    /** No TLS at all; STARTTLS is not offered. */
    NO,
    /** TLS offered (STARTTLS, implicit-TLS listeners); plaintext auth follows {@code auth_allow_cleartext}. */
    YES,
    /** Like YES, and no authentication at all before TLS (loopback included). */
    REQUIRED
}
