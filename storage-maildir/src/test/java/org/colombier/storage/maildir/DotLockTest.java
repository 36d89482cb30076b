package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Dovecot's dotlock rules for {@code dovecot-uidlist.lock}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DotLockTest {
    @TempDir
    Path dir;

    private final Host host = Host.current();

    @Test
    void lockHoldsPidAndHostAndIsRemovedOnRelease() throws Exception {
        Path file = dir.resolve(UidList.FILE);
        try (DotLock lock = DotLock.acquire(file, host, 120_000, 1_000)) {
            assertThat(Files.readString(dir.resolve(UidList.FILE + ".lock"))).isEqualTo(host.pid() + ":" + host.name());
        }
        assertThat(dir.resolve(UidList.FILE + ".lock")).doesNotExist();
    }

    @Test
    void lockOfADeadProcessOnThisHostIsBrokenAtOnce() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(dir.resolve(UidList.FILE + ".lock"), dead.pid() + ":" + host.name());
        long t = System.nanoTime();
        try (DotLock lock = DotLock.acquire(dir.resolve(UidList.FILE), host, 120_000, 5_000)) {
            assertThat(System.nanoTime() - t).isLessThan(TimeUnit.SECONDS.toNanos(2));
        }
    }

    @Test
    void liveForeignLockIsWaitedForThenBrokenWhenStale() throws Exception {
        Files.writeString(dir.resolve(UidList.FILE + ".lock"), ProcessHandle.current().parent().orElseThrow().pid() + ":otherhost");
        assertThatThrownBy(() -> DotLock.acquire(dir.resolve(UidList.FILE), host, 60_000, 300))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.IN_USE));
        long t = System.nanoTime();
        try (DotLock lock = DotLock.acquire(dir.resolve(UidList.FILE), host, 500, 5_000)) {
            assertThat(System.nanoTime() - t).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    @Test
    void threadsOfThisProcessTakeTurns() throws Exception {
        Path file = dir.resolve(UidList.FILE);
        Set<Integer> inside = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int me = i;
                results.add(pool.submit(() -> {
                    for (int n = 0; n < 20; n++) {
                        try (DotLock lock = DotLock.acquire(file, host, 120_000, 10_000)) {
                            if (!inside.add(me) || inside.size() != 1) {
                                return false;
                            }
                            inside.remove(me);
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(20, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
