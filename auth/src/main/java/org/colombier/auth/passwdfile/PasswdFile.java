package org.colombier.auth.passwdfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One passwd-file, parsed once and re-read only when its mtime or size changed; the check itself
 * (a stat) runs at most once per second, so a login never re-parses the file.
 */
final class PasswdFile {
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private record Snapshot(Map<String, PasswdEntry> entries, FileTime mtime, long size, long checkedAt) {
    }

    private final Path path;
    private final LongSupplier nanoClock;
    private volatile Snapshot snapshot;

    PasswdFile(Path path, LongSupplier nanoClock) {
        this.path = path;
        this.nanoClock = nanoClock;
    }

    /** The entries as of at most one second ago; a missing file has none. */
    Map<String, PasswdEntry> entries() throws IOException {
        Snapshot current = snapshot;
        long now = nanoClock.getAsLong();
        if (current != null && now - current.checkedAt() < CHECK_INTERVAL_NANOS) {
            return current.entries();
        }
        synchronized (this) {
            current = snapshot;
            if (current != null && now - current.checkedAt() < CHECK_INTERVAL_NANOS) {
                return current.entries();
            }
            snapshot = reload(current, now);
            return snapshot.entries();
        }
    }

    private Snapshot reload(Snapshot previous, long now) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Snapshot(Map.of(), null, -1, now);
        }
        if (previous != null && attributes.lastModifiedTime().equals(previous.mtime())
                && attributes.size() == previous.size()) {
            return new Snapshot(previous.entries(), previous.mtime(), previous.size(), now);
        }
        // file order is kept: doveadm -A lists users as the file does
        Map<String, PasswdEntry> entries = PasswdFileParser.parse(Files.readAllLines(path, StandardCharsets.UTF_8));
        return new Snapshot(Collections.unmodifiableMap(entries), attributes.lastModifiedTime(), attributes.size(), now);
    }
}
