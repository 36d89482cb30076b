package org.colombier.storage.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.support.Durability;

/**
 * Dovecot's dotlock ({@code src/lib/file-dotlock.c}) as used for {@code dovecot-uidlist.lock},
 * {@code dovecot-keywords.lock} and {@code subscriptions.lock}: created with O_EXCL and holding
 * {@code <pid>:<hostname>}. A lock naming a dead process of this host is broken at once; any other
 * lock is broken when neither it nor the file it protects has changed for the stale timeout.
 *
 * <p>Threads (and stores) of this JVM first take an in-process permit per lock file, so a lock file
 * naming our own pid found while we hold the permit was left by an earlier process with the same
 * pid (containers reuse pids) and is stale.
 */
final class DotLock implements AutoCloseable {
    private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final Path file;
    private final BasicFileAttributes created;
    private final Semaphore permit;
    private boolean released;

    private DotLock(Path lockFile, Path file, BasicFileAttributes created, Semaphore permit) {
        this.lockFile = lockFile;
        this.file = file;
        this.created = created;
        this.permit = permit;
    }

    /**
     * Takes the dotlock of {@code file} ({@code file.lock}), waiting up to {@code waitMillis}.
     *
     * @param staleMillis after how long without change a foreign lock is broken (120 s for the
     *                    uidlist in Dovecot, 30 s for subscriptions)
     */
    static DotLock acquire(Path file, Host host, long staleMillis, long waitMillis) throws StoreException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        Semaphore permit = IN_PROCESS.computeIfAbsent(lockFile, p -> new Semaphore(1));
        try {
            if (!permit.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new StoreException(StoreError.IN_USE, "Timed out waiting for " + lockFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreError.TEMPORARY, "Interrupted waiting for " + lockFile, e);
        }
        try {
            return acquireFile(file, lockFile, host, staleMillis, waitMillis, permit);
        } catch (StoreException | RuntimeException e) {
            permit.release();
            throw e;
        }
    }

    private static DotLock acquireFile(Path file, Path lockFile, Host host, long staleMillis, long waitMillis, Semaphore permit)
            throws StoreException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        long sleep = 1;
        Observed seen = null;
        while (true) {
            try {
                Files.write(lockFile, host.lockContent().getBytes(StandardCharsets.US_ASCII),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new DotLock(lockFile, file, Files.readAttributes(lockFile, BasicFileAttributes.class), permit);
            } catch (FileAlreadyExistsException e) {
                Object now = Observed.of(lockFile, file);
                if (now != null && (deadOwner(lockFile, host) || seen != null && now.equals(seen.state)
                        && System.currentTimeMillis() - seen.since >= staleMillis)) {
                    breakLock(lockFile);
                    continue;
                }
                if (seen == null || now == null || !now.equals(seen.state)) {
                    seen = new Observed(now, System.currentTimeMillis());
                }
            } catch (NoSuchFileException e) {
                throw new StoreException(StoreError.NOT_FOUND, "Mailbox does not exist", e);
            } catch (IOException e) {
                throw new StoreException(StoreError.TEMPORARY, "Cannot create " + lockFile + ": " + e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new StoreException(StoreError.IN_USE, "Timed out waiting for " + lockFile);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreError.TEMPORARY, "Interrupted waiting for " + lockFile, e);
            }
            sleep = Math.min(sleep * 2, 100);
        }
    }

    private static boolean deadOwner(Path lockFile, Host host) {
        String content;
        try {
            content = Files.readString(lockFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return false;
        }
        int colon = content.indexOf(':');
        if (colon <= 0 || !content.substring(colon + 1).trim().equals(host.name())) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(content.substring(0, colon));
        } catch (NumberFormatException e) {
            return false;
        }
        return pid == host.pid() || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static void breakLock(Path lockFile) {
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            // someone else broke or released it: the next attempt tells
        }
    }

    /**
     * Dovecot's {@code file_dotlock_replace}: writes the new content of the protected file into the
     * lock file and renames it over the file, which also releases the lock.
     */
    void replaceFile(byte[] content, Durability durability) throws IOException {
        durability.writeAtomic(lockFile, file, content);
        released = true;
        permit.release();
    }

    /** Releases the lock, unless someone broke it and took it meanwhile. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            BasicFileAttributes now = Files.readAttributes(lockFile, BasicFileAttributes.class);
            if (Objects.equals(now.fileKey(), created.fileKey())) {
                Files.delete(lockFile);
            }
        } catch (IOException e) {
            // already gone: broken as stale by someone else
        } finally {
            permit.release();
        }
    }

    /** What a waiter watches to decide staleness: the lock's and the protected file's identity and times. */
    private record Observed(Object state, long since) {
        static Object of(Path lockFile, Path file) {
            try {
                BasicFileAttributes l = Files.readAttributes(lockFile, BasicFileAttributes.class);
                BasicFileAttributes f = Files.exists(file) ? Files.readAttributes(file, BasicFileAttributes.class) : null;
                return List.of(l.fileKey(), l.size(), l.lastModifiedTime(), f == null ? "" : f.fileKey(),
                        f == null ? 0L : f.size(), f == null ? "" : f.lastModifiedTime());
            } catch (IOException e) {
                return null;
            }
        }
    }
}
