package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.colombier.sieve.action.Action;
import org.colombier.sieve.mail.MimeParts;
import org.colombier.sieve.reject.RejectNoticeBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class RejectNoticeBuilderTest {
    @TempDir
    Path dir;

    @Test
    void buildsAnMdnWithReasonReportAndOriginalHeader() throws Exception {
        SieveResult r = new Harness(dir).run("require \"reject\"; reject \"Not wanted here.\";", Case.DEFAULT_MESSAGE,
                Case.DEFAULT_ENVELOPE);
        Action.Reject reject = (Action.Reject) r.actions().get(0);
        SieveMessage original = Harness.message(Case.DEFAULT_MESSAGE);
        byte[] notice = RejectNoticeBuilder.build(reject, original.headers(), Case.DEFAULT_ENVELOPE,
                "postmaster@example.com", "mx.example.com", ZonedDateTime.of(2024, 3, 14, 15, 0, 0, 0, ZoneOffset.UTC));
        SieveMessage parsed = SieveMessage.of(notice);
        String text = new String(notice, StandardCharsets.UTF_8);
        assertThat(text).contains("\r\nTo: <alice@example.org>\r\n")
                .contains("\r\nSubject: Rejected: [acme-users] [fwd] version 1.0 is out\r\n")
                .contains("\r\nAuto-Submitted: auto-replied (rejected)\r\n")
                .contains("\r\nIn-Reply-To: <1234@example.org>\r\n");
        List<MimeParts.Part> parts;
        try (var body = parsed.openBody()) {
            parts = MimeParts.parse(parsed.headers(), body.readAllBytes());
        }
        assertThat(parts).extracting(MimeParts.Part::contentType)
                .containsExactly("text/plain", "message/disposition-notification", "text/rfc822-headers");
        assertThat(parts.get(0).text()).contains("Your message to <bob+sieve@example.com> was automatically rejected:\r\n"
                + "Not wanted here.");
        assertThat(parts.get(1).text()).contains("Final-Recipient: rfc822; bob+sieve@example.com")
                .contains("Disposition: automatic-action/MDN-sent-automatically; deleted");
        assertThat(parts.get(2).text()).contains("Message-ID: <1234@example.org>");
    }
}
