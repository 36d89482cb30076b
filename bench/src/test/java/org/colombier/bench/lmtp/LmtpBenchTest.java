package org.colombier.bench.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LmtpBenchTest {
    @Test
    void recipientTemplatesExpandToDistinctAddresses() {
        assertThat(LmtpBench.expand(List.of("u%d@x.test"), 3)).containsExactly("u1@x.test", "u2@x.test", "u3@x.test");
    }

    @Test
    void tooFewFixedRecipientsAreReused() {
        assertThat(LmtpBench.expand(List.of("a@x.test", "b@x.test"), 3)).containsExactly("a@x.test", "b@x.test", "a@x.test");
    }
}
