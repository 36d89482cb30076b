package org.colombier.api.storage.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC822.SIZE of a stored message: a bare LF counts as CRLF, a CRLF as itself. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MessageSizesTest {
    @Test
    void bareLineFeedsCountTwiceAndTheBytesAreCopiedUnchanged() throws Exception {
        byte[] message = "Subject: x\r\n\nbody\nend\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageSizes sizes = MessageSizes.copy(new ByteArrayInputStream(message), out);
        assertThat(out.toByteArray()).isEqualTo(message);
        assertThat(sizes).isEqualTo(new MessageSizes(message.length, message.length + 2));
    }

    @Test
    void aCrlfSplitAcrossReadBuffersIsNotABareLineFeed() throws Exception {
        byte[] message = new byte[65536 + 1];
        Arrays.fill(message, (byte) 'a');
        message[65535] = '\r';
        message[65536] = '\n';
        MessageSizes sizes = MessageSizes.copy(new ByteArrayInputStream(message), OutputStream.nullOutputStream());
        assertThat(sizes.virtualSize()).isEqualTo(sizes.size());
    }
}
