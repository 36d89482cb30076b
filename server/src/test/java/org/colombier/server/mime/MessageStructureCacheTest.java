package org.colombier.server.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.colombier.server.imap.protocol.command.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cached form of a structure answers exactly as the structure parsed from the message. */
@Timeout(20)
class MessageStructureCacheTest {

    static void assertSameAnswers(byte[] message) throws Exception {
        MessageStructure parsed = MessageStructure.parse(message);
        MessageStructure cached = MessageStructure.fromBytes(parsed.toBytes());
        assertThat(cached).isNotNull();
        assertThat(cached.size()).isEqualTo(parsed.size());
        assertThat(ImapMimeWriter.bodyStructure(cached, true)).isEqualTo(ImapMimeWriter.bodyStructure(parsed, true));
        assertThat(ImapMimeWriter.bodyStructure(cached, false)).isEqualTo(ImapMimeWriter.bodyStructure(parsed, false));
        assertThat(ImapMimeWriter.envelope(cached.envelope())).isEqualTo(ImapMimeWriter.envelope(parsed.envelope()));
        for (List<Integer> path : List.of(List.<Integer>of(), List.of(1), List.of(2), List.of(2, 1), List.of(1, 2), List.of(3))) {
            for (Section.Kind kind : Section.Kind.values()) {
                if (kind == Section.Kind.MIME && path.isEmpty()) {
                    continue;
                }
                Section section = new Section(path, kind, kind.name().startsWith("HEADER_") ? List.of("Subject") : List.of());
                assertThat(Sections.resolve(cached, section, null)).isEqualTo(Sections.resolve(parsed, section, null));
            }
        }
    }

    @Test
    void fixturesRoundTrip() throws Exception {
        for (byte[] m : List.of(SectionsTest.MIME, SectionsTest.DIGEST, SectionsTest.RFC822_X2, SectionsTest.BODY1,
                BinaryTest.BASE64, ImapMimeWriterTest.FOLDED_BOUNDARY, new byte[0])) {
            assertSameAnswers(m);
        }
    }

    @Test
    void randomMailRoundTrips() throws Exception {
        Random random = new Random(3);
        String[] pieces = {"Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: message/rfc822\r\n",
            "--b\r\n", "--b--\r\n", "\r\n", "Subject: s\r\n", "body\r\n", "MIME-Version: 1.0\r\n", "\u00e9"};
        for (int n = 0; n < 300; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            assertSameAnswers(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void damagedOrForeignCacheGivesNull() {
        byte[] good = MessageStructure.parse(SectionsTest.MIME).toBytes();
        assertThat(MessageStructure.fromBytes(new byte[0])).isNull();
        assertThat(MessageStructure.fromBytes(new byte[] {9, 1, 2})).isNull();
        assertThat(MessageStructure.fromBytes(Arrays.copyOf(good, good.length - 3))).isNull();
        assertThat(MessageStructure.fromBytes(Arrays.copyOf(good, good.length + 1))).isNull();
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            byte[] bad = good.clone();
            bad[random.nextInt(bad.length)] = (byte) random.nextInt();
            MessageStructure s = MessageStructure.fromBytes(bad);
            if (s != null) {
                ImapMimeWriter.bodyStructure(s, true);
                assertThat(s.root().bodyOffset() + s.root().bodySize()).isLessThanOrEqualTo(s.size());
            }
        }
    }
}
