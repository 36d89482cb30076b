package org.colombier.server;

import java.time.Duration;

/**
 * Runtime knobs that are not Dovecot settings (Dovecot hard-codes them too).
 *
 * @param loginTimeout      a client that sends nothing this long before logging in is disconnected
 *                          (Dovecot: 3 minutes); MINA checks idleness once a second
 * @param shutdownGrace     how long a stop waits for running commands and goodbyes before cutting connections
 * @param workerThreads     the most threads running protocol commands at once, for all connections
 * @param pop3MaxLineLength the longest POP3 command line (RFC 2449 allows 255 octets; clients send more)
 * @param lmtpMaxLineLength the longest LMTP command line (RFC 5321 allows 512 plus extension parameters)
 * @param lmtpMaxMessageSize the largest message LMTP accepts, advertised as {@code SIZE} (Postfix's
 *                          {@code message_size_limit} is lower by default, so this only stops abuse)
 * @param loopbackCountsAsSecure whether a loopback client counts as secure (cleartext passwords
 *                          allowed without TLS), as Dovecot hard-codes. Always true in production;
 *                          false only in tests, which may use nothing but loopback addresses
 *                          (127.0.0.2 is loopback too) and must still reach the non-loopback rules
 * @param pop3WriteTimeout  a POP3 client that reads nothing of a pending response this long is disconnected
 */
public record ServerOptions(Duration loginTimeout, Duration shutdownGrace, int workerThreads, int pop3MaxLineLength,
                            int lmtpMaxLineLength, long lmtpMaxMessageSize, boolean loopbackCountsAsSecure,
                            Duration pop3WriteTimeout) {
    public static final ServerOptions DEFAULTS = new ServerOptions(Duration.ofMinutes(3), Duration.ofSeconds(5),
            Math.max(8, 4 * Runtime.getRuntime().availableProcessors()), 8192, 8192, 100L << 20, true,
            Duration.ofSeconds(60));

    public ServerOptions withLoginTimeout(Duration timeout) {
        return new ServerOptions(timeout, shutdownGrace, workerThreads, pop3MaxLineLength, lmtpMaxLineLength,
                lmtpMaxMessageSize, loopbackCountsAsSecure, pop3WriteTimeout);
    }

    public ServerOptions withLmtpMaxMessageSize(long size) {
        return new ServerOptions(loginTimeout, shutdownGrace, workerThreads, pop3MaxLineLength, lmtpMaxLineLength, size,
                loopbackCountsAsSecure, pop3WriteTimeout);
    }

    /** See {@link #loopbackCountsAsSecure}: a test seam, never set from configuration. */
    public ServerOptions withLoopbackCountsAsSecure(boolean secure) {
        return new ServerOptions(loginTimeout, shutdownGrace, workerThreads, pop3MaxLineLength, lmtpMaxLineLength,
                lmtpMaxMessageSize, secure, pop3WriteTimeout);
    }

    public ServerOptions withWorkerThreads(int threads) {
        return new ServerOptions(loginTimeout, shutdownGrace, threads, pop3MaxLineLength, lmtpMaxLineLength,
                lmtpMaxMessageSize, loopbackCountsAsSecure, pop3WriteTimeout);
    }

    public ServerOptions withPop3WriteTimeout(Duration timeout) {
        return new ServerOptions(loginTimeout, shutdownGrace, workerThreads, pop3MaxLineLength, lmtpMaxLineLength,
                lmtpMaxMessageSize, loopbackCountsAsSecure, timeout);
    }
}
