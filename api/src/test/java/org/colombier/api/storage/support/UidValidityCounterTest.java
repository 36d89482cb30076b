package org.colombier.api.storage.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Dovecot's {@code dovecot-uidvalidity} counter and its marker file. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UidValidityCounterTest {
    @TempDir
    Path dir;

    @Test
    void uidValiditiesAreUniqueAndTheCounterFileFollows() throws Exception {
        Durability durability = Durability.of("optimized");
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            assertThat(seen.add(UidValidityCounter.next(dir, durability))).isTrue();
        }
        long last = seen.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(Files.readString(dir.resolve(UidValidityCounter.FILE))).isEqualTo(String.format("%08x", last));
        assertThat(dir.resolve(UidValidityCounter.FILE + "." + String.format("%08x", last))).exists();
    }

    @Test
    void theNextValueFollowsAnExistingMarker() throws Exception {
        Files.createFile(dir.resolve(UidValidityCounter.FILE + ".7fffffff"));
        assertThat(UidValidityCounter.next(dir, Durability.of("never"))).isEqualTo(0x80000000L);
        assertThat(dir.resolve(UidValidityCounter.FILE + ".80000000")).exists();
    }
}
