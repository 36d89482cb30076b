package org.colombier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MessagesTest {
    @Test
    void messagesHaveTheAskedSizeCrlfLinesAndNoLeadingDot() {
        for (int size : new int[] {400, 1024, 4096, 102_400}) {
            byte[] message = Messages.generate("id" + size, "subject", size, new Random(size));
            assertThat(message).hasSize(size);
            String text = new String(message, StandardCharsets.US_ASCII);
            assertThat(text).endsWith("\r\n").contains("X-Bench-Id: id" + size + "\r\n");
            assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
            assertThat(text).doesNotContain("\r\n.");
        }
    }
}
