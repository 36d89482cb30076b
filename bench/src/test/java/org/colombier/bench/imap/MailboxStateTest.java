package org.colombier.bench.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MailboxStateTest {
    private final List<String> errors = new ArrayList<>();
    private final MailboxState state = new MailboxState(errors::add);
    private final byte[] body = "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);

    private void apply(String text, byte[]... literals) {
        state.apply(new ImapResponse(text, List.of(literals)));
    }

    @BeforeEach
    void selectWithOneOwnMessage() {
        CRC32 crc = new CRC32();
        crc.update(body);
        state.appended(10, body.length, crc.getValue(), Set.of("\\Seen"));
        state.selected();
        apply("* 2 EXISTS");
        apply("* 1 FETCH (UID 9 FLAGS (\\Flagged))");
    }

    @Test
    void consistentResponsesGiveNoError() {
        apply("* 2 FETCH (UID 10 FLAGS (\\Seen \\Recent) RFC822.SIZE " + body.length + ")");
        apply("* 2 FETCH (UID 10 BODY[] {" + body.length + "})", body);
        apply("* 1 FETCH (FLAGS (\\Deleted))");
        apply("* 1 EXPUNGE");
        apply("* 1 FETCH (UID 10 FLAGS (\\Seen))");
        state.checkAllOwnPresent(Set.of(10L));
        assertThat(errors).isEmpty();
        assertThat(state.seqOf(10)).isEqualTo(1);
    }

    @Test
    void aWrongFlagOnAnOwnMessageIsAnError() {
        apply("* 2 FETCH (UID 10 FLAGS (\\Seen \\Flagged))");
        assertThat(errors).singleElement().asString().contains("UID 10 has flags");
    }

    @Test
    void flagsUnderTheClientsOwnStoreAreNotCheckedUntilItEnds() {
        state.changing(10);
        apply("* 2 FETCH (UID 10 FLAGS ())");
        state.changed(10, Set.of());
        apply("* 2 FETCH (UID 10 FLAGS ())");
        apply("* 2 FETCH (UID 10 FLAGS (\\Seen))");
        assertThat(errors).singleElement().asString().contains("expected []");
    }

    @Test
    void aMissingOwnMessageIsAnError() {
        state.checkAllOwnPresent(Set.of());
        assertThat(errors).singleElement().asString().contains("UID 10 is missing");
    }

    @Test
    void anOwnMessageExpungedBySomeoneElseIsAnError() {
        apply("* 2 FETCH (UID 10 FLAGS (\\Seen))");
        apply("* 2 EXPUNGE");
        assertThat(errors).singleElement().asString().contains("expunged");
    }

    @Test
    void aDifferentBodyIsAnError() {
        apply("* 2 FETCH (UID 10 BODY[] {3})", "abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(errors).singleElement().asString().contains("body differs");
    }

    @Test
    void sequenceNumbersMustStayWithinTheMailboxAndKeepTheirUid() {
        apply("* 3 FETCH (FLAGS ())");
        apply("* 5 EXPUNGE");
        apply("* 1 FETCH (UID 8)");
        apply("* 1 EXISTS");
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).contains("outside 1:2");
        assertThat(errors.get(2)).contains("was UID 9");
        assertThat(errors.get(3)).contains("shrank");
    }
}
