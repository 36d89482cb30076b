package org.colombier.config;

import java.nio.file.Path;

/**
 * TLS settings. Paths are as written (already stripped of Dovecot's {@code <} prefix where one was used).
 *
 * @param minProtocol {@code ssl_min_protocol}, e.g. {@code TLSv1.2}
 */
public record SslSettings(SslMode mode, Path certFile, Path keyFile, String minProtocol) {
}
