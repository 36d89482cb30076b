package org.colombier.server.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.apache.mina.filter.ssl.SslFilter;

/**
 * The server's TLS material, ready to use: one context and the protocol versions allowed by
 * {@code ssl_min_protocol}.
 */
public final class Tls {
    /** Versions from oldest to newest, as Dovecot names them in {@code ssl_min_protocol}. */
    private static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private final SSLContext context;
    private final String[] protocols;

    private Tls(SSLContext context, String[] protocols) {
        this.context = context;
        this.protocols = protocols;
    }

    /**
     * @param minProtocol {@code TLSv1} ... {@code TLSv1.3}, {@code ANY} or {@code LATEST}
     * @throws IllegalArgumentException naming the problem when the version is unknown or the JVM allows none of them
     */
    public static Tls of(SSLContext context, String minProtocol) {
        int min = switch (minProtocol) {
            case "ANY", "SSLv3" -> 0;
            case "LATEST" -> VERSIONS.size() - 1;
            default -> VERSIONS.indexOf(minProtocol);
        };
        if (min < 0) {
            throw new IllegalArgumentException("ssl_min_protocol: unknown protocol '" + minProtocol
                    + "' (expected one of " + String.join(", ", VERSIONS) + ", ANY, LATEST)");
        }
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        List<String> enabled = new ArrayList<>();
        for (String version : VERSIONS.subList(min, VERSIONS.size())) {
            if (supported.contains(version)) {
                enabled.add(version);
            }
        }
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException("ssl_min_protocol " + minProtocol + " leaves no protocol this JVM supports");
        }
        return new Tls(context, enabled.toArray(String[]::new));
    }

    public List<String> protocols() {
        return List.of(protocols);
    }

    /** For servers that are not MINA filters (the doveadm HTTP API). */
    public SSLContext context() {
        return context;
    }

    /** A filter for implicit TLS listeners: the handshake starts on connect. */
    public SslFilter implicitFilter() {
        SslFilter filter = new SslFilter(context);
        filter.setEnabledProtocols(protocols);
        return filter;
    }

    /** A filter for STARTTLS that lets exactly {@code reply} out in plaintext. */
    StartTlsFilter startTlsFilter(Connection connection, Object reply) {
        StartTlsFilter filter = new StartTlsFilter(context, connection, reply);
        filter.setEnabledProtocols(protocols);
        return filter;
    }
}
