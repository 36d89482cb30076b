package org.colombier.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class UidSetTest {
    @Test
    void mergesOverlappingAndAdjacentRanges() {
        UidSet s = new UidSet.Builder().addRange(5, 7).add(8).add(1).addRange(3, 2).add(4).add(20).build();
        assertThat(s).hasToString("1:8,20");
        assertThat(s.size()).isEqualTo(9);
    }

    @Test
    void containsUsesTheRanges() {
        UidSet s = UidSet.of(List.of(1L, 2L, 3L, 10L));
        assertThat(s.contains(2)).isTrue();
        assertThat(s.contains(4)).isFalse();
        assertThat(s.contains(10)).isTrue();
        assertThat(UidSet.all().contains(UidSet.MAX_UID)).isTrue();
    }

    @Test
    void iteratesInAscendingOrder() {
        assertThat(UidSet.of(List.of(9L, 3L, 4L))).containsExactly(3L, 4L, 9L);
    }

    @Test
    void uidZeroIsRejected() {
        assertThatThrownBy(() -> UidSet.of(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
