package org.colombier.server.imap.protocol;

import java.nio.file.Path;

/**
 * Limits the decoder enforces while reading, before anything is buffered.
 *
 * @param maxLineLength    bytes of command text, literals excluded (Dovecot: imap_max_line_length)
 * @param maxLiteralSize   total literal bytes of one command other than APPEND
 * @param maxAppendSize    bytes of one APPEND message literal ({@code NO [TOOBIG]} beyond)
 * @param spoolThreshold   literals larger than this go to a temporary file in {@code spoolDir}
 * @param maxNesting       depth of nested parenthesized lists
 * @param maxDiscard       the largest refused non-synchronizing literal read and thrown away;
 *                         beyond it the connection is closed (RFC 7888 section 4)
 * @param spoolDir         where large literals are spooled; null: the system temp directory
 */
public record ImapLimits(int maxLineLength, long maxLiteralSize, long maxAppendSize, int spoolThreshold,
                         int maxNesting, long maxDiscard, Path spoolDir) {
    public static final int DEFAULT_LINE_LENGTH = 64 * 1024;

    public ImapLimits {
        if (maxLineLength < 64 || maxLiteralSize < 0 || maxAppendSize < 0 || spoolThreshold < 0
                || maxNesting < 1 || maxDiscard < 0) {
            throw new IllegalArgumentException("invalid IMAP limits");
        }
    }

    public static ImapLimits defaults() {
        return new ImapLimits(DEFAULT_LINE_LENGTH, 64 * 1024, 50L * 1024 * 1024, 256 * 1024, 32,
                64L * 1024 * 1024, null);
    }

    public ImapLimits withSpoolDir(Path dir) {
        return new ImapLimits(maxLineLength, maxLiteralSize, maxAppendSize, spoolThreshold, maxNesting,
                maxDiscard, dir);
    }

    public ImapLimits withMaxAppendSize(long size) {
        return new ImapLimits(maxLineLength, maxLiteralSize, size, spoolThreshold, maxNesting, maxDiscard,
                spoolDir);
    }
}
