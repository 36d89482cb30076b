package org.colombier.sieve.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrackingStore} in one small text file under the user's directory ({@code key expiry-epoch-seconds}
 * per line). Writes take a lock file, drop expired entries, and replace the file atomically after fsync, so a
 * crash never leaves a half-written state and concurrent deliveries to the same user do not lose entries.
 */
public final class FileTrackingStore implements TrackingStore {
    /** File locks are per process, so threads of this JVM first agree on one monitor per file. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> MONITORS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final Path lock;
    private final Object monitor;

    public FileTrackingStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.lock = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.monitor = MONITORS.computeIfAbsent(this.file, p -> new Object());
    }

    /** Vacation reply state of a user: {@code <userDir>/.colombier.vacation}. */
    public static FileTrackingStore vacation(Path userDir) {
        return new FileTrackingStore(userDir.resolve(".colombier.vacation"));
    }

    /** Duplicate-test state of a user: {@code <userDir>/.colombier.duplicate}. */
    public static FileTrackingStore duplicate(Path userDir) {
        return new FileTrackingStore(userDir.resolve(".colombier.duplicate"));
    }

    @Override
    public boolean contains(String key, Instant now) {
        synchronized (monitor) {
            Long expiry = read().get(key);
            return expiry != null && expiry > now.getEpochSecond();
        }
    }

    @Override
    public void record(String key, Instant expiry) {
        synchronized (monitor) {
            write(key, expiry);
        }
    }

    private void write(String key, Instant expiry) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock held = ch.lock(); // released when the channel closes
                long now = Instant.now().getEpochSecond();
                Map<String, Long> entries = read();
                entries.values().removeIf(e -> e <= now);
                entries.put(key, expiry.getEpochSecond());
                StringBuilder sb = new StringBuilder();
                entries.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    out.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII)));
                    out.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                    dir.force(true);
                } catch (IOException e) {
                    // some platforms cannot open a directory for fsync; the rename is still atomic
                }
                held.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record Sieve state in " + file, e);
        }
    }

    private Map<String, Long> read() {
        Map<String, Long> entries = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Sieve state " + file, e);
        }
        for (String line : lines) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                try {
                    entries.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1).trim()));
                } catch (NumberFormatException e) {
                    // a damaged line only forgets one entry
                }
            }
        }
        return entries;
    }
}
