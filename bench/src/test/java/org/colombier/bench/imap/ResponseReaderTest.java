package org.colombier.bench.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ResponseReaderTest {
    private static final String STREAM = "* 2 EXISTS\r\n"
            + "* 1 FETCH (UID 7 BODY[] {5}\r\nab\r\nc)\r\n"
            + "* 2 FETCH (UID 8 BODY[] {0}\r\n)\r\n"
            + "a1 OK [APPENDUID 3 8] done\r\n";

    private static List<ImapResponse> read(List<byte[]> chunks) {
        ResponseReader reader = new ResponseReader(1024);
        List<ImapResponse> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            reader.feed(ByteBuffer.wrap(chunk), out::add);
        }
        return out;
    }

    @Test
    void linesAndLiteralsComeOutAsWholeResponsesWhereverTheInputIsSplit() {
        byte[] all = STREAM.getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= all.length; split++) {
            List<ImapResponse> responses = read(List.of(
                    java.util.Arrays.copyOfRange(all, 0, split), java.util.Arrays.copyOfRange(all, split, all.length)));
            assertThat(responses).extracting(ImapResponse::text).containsExactly(
                    "* 2 EXISTS", "* 1 FETCH (UID 7 BODY[] {5})", "* 2 FETCH (UID 8 BODY[] {0})",
                    "a1 OK [APPENDUID 3 8] done");
            assertThat(new String(responses.get(1).literals().get(0), StandardCharsets.US_ASCII)).isEqualTo("ab\r\nc");
            assertThat(responses.get(2).literals().get(0)).isEmpty();
        }
    }

    @Test
    void taggedResponsesExposeTagStatusAndCode() {
        ImapResponse ok = read(List.of("a1 OK [APPENDUID 3 8] done\r\n".getBytes(StandardCharsets.US_ASCII))).get(0);
        assertThat(ok.tag()).isEqualTo("a1");
        assertThat(ok.isOk()).isTrue();
        assertThat(ok.code()).isEqualTo("APPENDUID 3 8");
        ImapResponse no = new ImapResponse("a2 NO [EXPUNGEISSUED] gone", List.of());
        assertThat(StressClient.expungeIssued(no)).isTrue();
        assertThat(new ImapResponse("+ idling", List.of()).isContinuation()).isTrue();
        assertThat(new ImapResponse("a3 OK done [x]", List.of()).code()).isNull();
    }

    @Test
    void literalPlusMarkersAreLiteralsToo() {
        assertThat(ResponseReader.literalSize("a APPEND INBOX {12+}")).isEqualTo(12);
        assertThat(ResponseReader.literalSize("* OK {x}")).isEqualTo(-1);
        assertThat(ResponseReader.literalSize("* OK done")).isEqualTo(-1);
    }
}
