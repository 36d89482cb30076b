package org.colombier.api.storage.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UIDs and UIDVALIDITY are 32-bit unsigned and non-zero (RFC 3501 2.3.1.1). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UidArgumentsTest {
    @Test
    void uidsOutsideOneTo2Pow32MinusOneAreRefused() {
        assertThatCode(() -> UidArguments.requireUid(1)).doesNotThrowAnyException();
        assertThatCode(() -> UidArguments.requireUid(UidSet.MAX_UID)).doesNotThrowAnyException();
        for (long bad : new long[] {0, -1, UidSet.MAX_UID + 1}) {
            assertThatThrownBy(() -> UidArguments.requireUid(bad)).isInstanceOf(StoreException.class)
                    .extracting(e -> ((StoreException) e).error()).isEqualTo(StoreError.NOT_POSSIBLE);
        }
    }

    @Test
    void anAdoptedUidSpaceNeedsAValidUidValidityAndUidNext() {
        assertThatCode(() -> UidArguments.requireUidSpace(1, UidSet.MAX_UID)).doesNotThrowAnyException();
        assertThatThrownBy(() -> UidArguments.requireUidSpace(0, 5)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> UidArguments.requireUidSpace(UidSet.MAX_UID + 1, 5)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> UidArguments.requireUidSpace(7, UidSet.MAX_UID + 1)).isInstanceOf(StoreException.class);
    }
}
