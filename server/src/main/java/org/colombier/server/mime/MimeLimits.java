package org.colombier.server.mime;

/**
 * Bounds on what one message may make the parser build; beyond them the rest is kept as opaque
 * bytes, never an error.
 *
 * @param maxDepth        nesting of multiparts and enclosed messages
 * @param maxParts        MIME parts in the whole message
 * @param maxHeaderFields fields remembered per header (more are still skipped correctly)
 */
public record MimeLimits(int maxDepth, int maxParts, int maxHeaderFields) {
    public static final MimeLimits DEFAULT = new MimeLimits(50, 10_000, 5_000);

    public MimeLimits {
        if (maxDepth < 1 || maxParts < 1 || maxHeaderFields < 1) {
            throw new IllegalArgumentException("MIME limits must be positive");
        }
    }
}
