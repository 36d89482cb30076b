package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.colombier.sieve.store.FileTrackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FileTrackingStoreTest {
    @TempDir
    Path dir;

    @Test
    void concurrentWritersThroughSeparateInstancesLoseNoEntry() throws Exception {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        Instant later = Instant.now().plusSeconds(3600);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                FileTrackingStore store = FileTrackingStore.vacation(dir); // one instance per "delivery process"
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.record("k" + thread + "-" + i, later);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        FileTrackingStore reopened = FileTrackingStore.vacation(dir);
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 25; i++) {
                assertThat(reopened.contains("k" + t + "-" + i, now)).isTrue();
            }
        }
        assertThat(Files.exists(dir.resolve(".colombier.vacation.tmp"))).isFalse();
    }

    @Test
    void expiredEntriesAreForgottenAndDroppedOnTheNextWrite() throws Exception {
        FileTrackingStore store = FileTrackingStore.duplicate(dir);
        store.record("old", Instant.now().minusSeconds(10));
        assertThat(store.contains("old", Instant.now())).isFalse();
        store.record("new", Instant.now().plusSeconds(100));
        assertThat(Files.readString(dir.resolve(".colombier.duplicate"))).doesNotContain("old").contains("new ");
    }
}
