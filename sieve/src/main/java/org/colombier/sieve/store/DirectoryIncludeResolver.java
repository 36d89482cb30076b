package org.colombier.sieve.store;

import java.nio.file.Path;
import org.colombier.sieve.ScriptCache;
import org.colombier.sieve.SieveScript;

/**
 * Personal scripts from the user's sieve directory, global ones from {@code sieve_global}; {@code name} refers to
 * {@code name.sieve}, compiled through the shared cache.
 */
public final class DirectoryIncludeResolver implements IncludeResolver {
    private final Path personalDir;
    private final Path globalDir;
    private final ScriptCache cache;

    public DirectoryIncludeResolver(Path personalDir, Path globalDir, ScriptCache cache) {
        this.personalDir = personalDir;
        this.globalDir = globalDir;
        this.cache = cache;
    }

    @Override
    public SieveScript resolve(boolean global, String name) {
        Path dir = global ? globalDir : personalDir;
        if (dir == null) {
            return null;
        }
        return cache.get(dir.resolve(name + ".sieve")).orElse(null);
    }
}
