package org.colombier.api.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class FlagsTest {
    private final Flags seenWork = new Flags(Set.of(SystemFlag.SEEN), Set.of("Work"));

    @Test
    void addKeepsExistingFlags() {
        Flags f = seenWork.apply(FlagUpdate.add(Flags.of(SystemFlag.FLAGGED)));
        assertThat(f.system()).containsExactlyInAnyOrder(SystemFlag.SEEN, SystemFlag.FLAGGED);
        assertThat(f.keywords()).containsExactly("Work");
    }

    @Test
    void removeComparesKeywordsCaseInsensitively() {
        Flags f = seenWork.apply(FlagUpdate.remove(new Flags(Set.of(), Set.of("work"))));
        assertThat(f.keywords()).isEmpty();
        assertThat(f.has(SystemFlag.SEEN)).isTrue();
    }

    @Test
    void replaceDropsEverythingElse() {
        Flags f = seenWork.apply(FlagUpdate.replace(Flags.of(SystemFlag.DRAFT)));
        assertThat(f.system()).containsExactly(SystemFlag.DRAFT);
        assertThat(f.keywords()).isEmpty();
    }
}
