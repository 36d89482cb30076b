package org.colombier.storage.sdbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Byte layouts checked against the real Dovecot 2.3 samples of the formats note (§2.2, §2.8). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FormatsTest {
    @TempDir
    Path dir;

    private static final String BODY = "From: a@example.org\nSubject: test\nMessage-ID: <1@example.org>\n\nBody 1\nline2\n";

    @Test
    void dboxFileHeaderAndMetadataMatchDovecotsBytes() {
        byte[] head = DboxFile.head(0x50, 0x6b062dc2L);
        assertThat(HexFormat.of().formatHex(head)).isEqualTo(
                "32204d3165204336623036326463320a" + "01024e" + "20".repeat(10) + "30".repeat(14) + "3530" + "0a");
        byte[] meta = DboxFile.metadata(Instant.ofEpochSecond(0x6b062dc2L), 0x56, null, "18b96e36c22d066bac76000083ecc375");
        assertThat(new String(meta, StandardCharsets.ISO_8859_1))
                .isEqualTo("\n\u0001\u0003\nR6b062dc2\nV56\nG18b96e36c22d066bac76000083ecc375\n\n");
    }

    @Test
    void dboxFileParsesToBodyAndMetadata() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(DboxFile.head(body.length, 1_700_000_000L));
        file.writeBytes(body);
        file.writeBytes(DboxFile.metadata(Instant.ofEpochSecond(1_700_000_123L), 86, "UIDL-1", "0123456789abcdef0123456789abcdef"));
        Path u1 = dir.resolve("u.1");
        Files.write(u1, file.toByteArray());
        DboxFile.Parsed p = DboxFile.parse(u1);
        assertThat(p.bodySize()).isEqualTo(body.length);
        assertThat(p.bodyOffset()).isEqualTo(16 + 30);
        assertThat(p.received()).isEqualTo(Instant.ofEpochSecond(1_700_000_123L));
        assertThat(p.virtualSize()).isEqualTo(86);
        assertThat(p.guid()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(p.pop3Uidl()).isEqualTo("UIDL-1");
    }

    @Test
    void virtualSizeCountsBareLfAsCrlf() throws Exception {
        assertThat(DboxFile.virtualSize(new ByteArrayInputStream("a\nb\r\nc".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(7);
    }

    @Test
    void recordSizeWordIsSevenBitBigEndianOfSizeOverFour() {
        ByteBuffer b = ByteBuffer.allocate(4);
        IndexState.encodeSize(b, 36);
        assertThat(HexFormat.of().formatHex(b.array())).isEqualTo("80808089");
        for (int size : new int[] {8, 12, 36, 1024, 65540, 1 << 20}) {
            ByteBuffer e = ByteBuffer.allocate(4);
            IndexState.encodeSize(e, size);
            assertThat(IndexState.decodeSize(e, 0)).isEqualTo(size);
        }
    }

    @Test
    void transactionsReplayIntoFlagsKeywordsExpungesAndModSeqs() {
        IndexState s = new IndexState();
        s.modSeq = 1;
        byte[] guid = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.writeBytes(new Transaction(true).dboxHeader(guid).header(24, 1234567890).bytes());
        log.writeBytes(new Transaction(true).append(5, 0x08).append(9, 0x03).keyword("$Forwarded", false, List.of(new long[] {5, 9}))
                .keyword("Junk", false, List.<long[]>of(new long[] {9, 9})).bytes());
        log.writeBytes(new Transaction(false).flags(5, 5, 0x04, 0x08).keyword("junk", true, List.<long[]>of(new long[] {9, 9})).bytes());
        log.writeBytes(new Transaction(true).expunge(5, new byte[16]).bytes());
        ByteBuffer b = ByteBuffer.wrap(log.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(s.replay(b, 0)).isEqualTo(b.limit());
        assertThat(s.uidValidity).isEqualTo(1234567890);
        assertThat(s.guidHex()).isEqualTo("00112233445566778899aabbccddeeff");
        assertThat(s.nextUid).isEqualTo(10);
        assertThat(s.messages).containsOnlyKeys(9L);
        IndexState.Message m9 = s.messages.get(9L);
        assertThat(m9.flags).isEqualTo(0x03);
        assertThat(m9.keywords.stream().mapToObj(s.keywords::get)).containsExactly("$Forwarded");
        // two append records, two keyword updates, a flag update, a keyword update, an expunge: one modseq each
        assertThat(s.modSeq).isEqualTo(8);
        assertThat(m9.modSeq).isEqualTo(7);
        assertThat(s.expunged.get(8L)).containsExactly(5L);
    }

    @Test
    void aTransactionStillBeingWrittenIsNotApplied() {
        byte[] tx = new Transaction(true).append(1, 0).keyword("Work", false, List.<long[]>of(new long[] {1, 1})).bytes();
        for (int cut = 0; cut < tx.length; cut++) {
            IndexState s = new IndexState();
            ByteBuffer b = ByteBuffer.wrap(tx, 0, cut).slice().order(ByteOrder.LITTLE_ENDIAN);
            assertThat(s.replay(b, 0)).as("cut at %d", cut).isZero();
            assertThat(s.messages).isEmpty();
        }
    }

    @Test
    void requestedButNotPerformedExpungesAreIgnored() {
        IndexState s = new IndexState();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.writeBytes(new Transaction(true).append(1, 0).bytes());
        byte[] tx = new Transaction(true).expunge(1, new byte[16]).bytes();
        // clear the EXTERNAL bit of the expunge record (after the 12-byte boundary and the 4-byte size word)
        ByteBuffer t = ByteBuffer.wrap(tx).order(ByteOrder.LITTLE_ENDIAN);
        t.putInt(16, t.getInt(16) & ~IndexState.EXTERNAL);
        log.writeBytes(tx);
        s.replay(ByteBuffer.wrap(log.toByteArray()).order(ByteOrder.LITTLE_ENDIAN), 0);
        assertThat(s.messages).containsOnlyKeys(1L);
    }
}
