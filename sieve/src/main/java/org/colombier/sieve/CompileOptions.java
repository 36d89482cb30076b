package org.colombier.sieve;

import java.util.Set;

/**
 * What the compiler accepts.
 *
 * @param extensions    enabled capabilities ({@code sieve_extensions}); anything else is refused by {@code require}
 * @param maxScriptSize {@code sieve_max_script_size} in bytes (0 = unlimited)
 * @param maxNesting    deepest block/test nesting accepted
 */
public record CompileOptions(Set<String> extensions, long maxScriptSize, int maxNesting) {
    public CompileOptions {
        extensions = Set.copyOf(extensions);
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Extensions.DEFAULT_ENABLED, 1L << 20, 32);
    }

    public CompileOptions withExtensions(Set<String> enabled) {
        return new CompileOptions(enabled, maxScriptSize, maxNesting);
    }
}
