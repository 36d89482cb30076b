package org.colombier.bench.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FetchDataTest {
    @Test
    void parsesUidFlagsSizeEnvelopeAndBody() {
        String envelope = "(\"Tue, 1 Jan 2030 00:00:00 +0000\" \"a (b) \\\"c\\\"\" ((\"A\" NIL \"a\" \"x.test\")) NIL NIL "
                + "((NIL NIL \"b\" \"y.test\")) NIL NIL NIL \"<id@x>\")";
        ImapResponse response = new ImapResponse("* 3 FETCH (UID 42 FLAGS (\\Seen $Bench) RFC822.SIZE 5 ENVELOPE "
                + envelope + " BODY[] {5})", List.of("hello".getBytes(StandardCharsets.US_ASCII)));
        FetchData data = FetchData.parse(response);
        assertThat(data.seq()).isEqualTo(3);
        assertThat(data.uid()).isEqualTo(42);
        assertThat(data.flags()).containsExactly("\\Seen", "$Bench");
        assertThat(data.size()).isEqualTo(5);
        assertThat(data.envelope()).isTrue();
        assertThat(new String(data.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void sectionAtomsWithSpacesStayOneItem() {
        List<Object> tokens = Tokens.parse("(BODY[HEADER.FIELDS (SUBJECT)]<0> {3} UID 1)",
                List.of("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat((List<?>) tokens.get(0)).hasSize(4);
        assertThat(((List<?>) tokens.get(0)).get(0)).isEqualTo("BODY[HEADER.FIELDS (SUBJECT)]<0>");
    }

    @Test
    void absentItemsAreMarkedAbsent() {
        FetchData data = FetchData.parse(new ImapResponse("* 1 FETCH (FLAGS ())", List.of()));
        assertThat(data.uid()).isEqualTo(FetchData.ABSENT);
        assertThat(data.flags()).isEmpty();
        assertThat(data.body()).isNull();
    }

    @Test
    void malformedFetchIsRejected() {
        assertThatThrownBy(() -> FetchData.parse(new ImapResponse("* 1 FETCH (UID 1 FLAGS (\\Seen)", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FetchData.parse(new ImapResponse("* 1 FETCH (UID)", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
