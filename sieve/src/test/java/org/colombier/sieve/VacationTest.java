package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.colombier.sieve.action.Action;
import org.colombier.sieve.vacation.VacationReplyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 5230/6131: when a vacation reply is sent, what it carries, and that its state survives a restart. */
@Timeout(10)
class VacationTest {
    @TempDir
    Path dir;

    static final String SCRIPT = "require \"vacation\";\nvacation \"I'm away until Monday.\";";

    static Action.Vacation only(SieveResult r) {
        List<Action.Vacation> v = r.actions().stream().filter(a -> a instanceof Action.Vacation)
                .map(a -> (Action.Vacation) a).toList();
        assertThat(v).hasSize(1);
        return v.get(0);
    }

    @Test
    void repliesWithDefaultSubjectThreadingHeadersAndKeepsTheMessage() {
        SieveResult r = new Harness(dir).run(SCRIPT, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE);
        Action.Vacation v = only(r);
        assertThat(v.to()).isEqualTo("alice@example.org");
        assertThat(v.from()).isEqualTo("bob+sieve@example.com");
        assertThat(v.subject()).isEqualTo("Auto: [acme-users] [fwd] version 1.0 is out");
        assertThat(v.inReplyTo()).isEqualTo("<1234@example.org>");
        assertThat(v.references()).isEqualTo("<1234@example.org>");
        assertThat(v.period()).isEqualTo(Duration.ofDays(7));
        assertThat(r.implicitKeep()).isTrue();
    }

    @Test
    void oneReplyPerSenderPerPeriodSurvivingARestart() {
        Harness h = new Harness(dir);
        SieveResult first = h.run(SCRIPT, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE);
        only(first);
        first.commit();
        // a new harness reads the same user directory, as a restarted server would
        Harness restarted = new Harness(dir);
        assertThat(restarted.actions(SCRIPT, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("keep");
        // another sender still gets a reply
        assertThat(restarted.actions(SCRIPT, Case.DEFAULT_MESSAGE, new Envelope("zed@example.org", "bob@example.com", null)))
                .containsExactly("vacation:zed@example.org", "keep");
        // a different :handle is a different auto-reply
        assertThat(restarted.actions("require \"vacation\"; vacation :handle \"other\" \"x\";", Case.DEFAULT_MESSAGE,
                Case.DEFAULT_ENVELOPE)).containsExactly("vacation:alice@example.org", "keep");
        // after the period the sender is answered again
        restarted.clock = Clock.fixed(Harness.NOW.plus(Duration.ofDays(7)).plusSeconds(1), ZoneOffset.UTC);
        assertThat(restarted.actions(SCRIPT, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .containsExactly("vacation:alice@example.org", "keep");
    }

    @Test
    void anUncommittedResultRecordsNothing() {
        Harness h = new Harness(dir);
        only(h.run(SCRIPT, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE));
        only(h.run(SCRIPT, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE));
    }

    static Stream<Case> noReply() {
        String base = "From: alice@example.org\nTo: bob@example.com\nSubject: hi\n";
        return Stream.of(
                new Case("null sender", SCRIPT, Case.DEFAULT_MESSAGE, new Envelope("", "bob@example.com", null), List.of("keep")),
                new Case("MAILER-DAEMON", SCRIPT, Case.DEFAULT_MESSAGE,
                        new Envelope("MAILER-DAEMON@example.org", "bob@example.com", null), List.of("keep")),
                new Case("owner- list address", SCRIPT, Case.DEFAULT_MESSAGE,
                        new Envelope("owner-list@example.org", "bob@example.com", null), List.of("keep")),
                new Case("-request address", SCRIPT, Case.DEFAULT_MESSAGE,
                        new Envelope("list-request@example.org", "bob@example.com", null), List.of("keep")),
                Case.msg("Auto-Submitted auto-replied", SCRIPT, base + "Auto-Submitted: auto-replied\n\nx\n", "keep"),
                Case.msg("List-Id", SCRIPT, base + "List-Id: <acme.lists.example.org>\n\nx\n", "keep"),
                Case.msg("List-Unsubscribe", SCRIPT, base + "List-Unsubscribe: <mailto:u@example.org>\n\nx\n", "keep"),
                Case.msg("Precedence bulk", SCRIPT, base + "Precedence: bulk\n\nx\n", "keep"),
                Case.msg("Precedence junk", SCRIPT, base + "Precedence: junk\n\nx\n", "keep"),
                Case.msg("user not in To/Cc/Bcc", SCRIPT, "From: alice@example.org\nTo: team@example.com\n\nx\n", "keep"),
                new Case("mail from the user himself", SCRIPT, Case.DEFAULT_MESSAGE,
                        new Envelope("bob@example.com", "bob@example.com", null), List.of("keep")));
    }

    @ParameterizedTest(name = "no reply: {0}")
    @MethodSource("noReply")
    void neverRepliesToAutomatedListOrMisaddressedMail(Case c) {
        assertThat(new Harness(dir).actions(c.script(), c.message(), c.envelope())).isEqualTo(c.expected());
    }

    static Stream<Case> reply() {
        String base = "From: alice@example.org\nSubject: hi\n";
        Envelope toBob = new Envelope("alice@example.org", "bob@example.com", null);
        return Stream.of(
                new Case("Auto-Submitted: no", SCRIPT, base + "To: bob@example.com\nAuto-Submitted: no\n\nx\n", toBob,
                        List.of("vacation:alice@example.org", "keep")),
                new Case("user in Cc", SCRIPT, base + "To: team@example.com\nCc: Bob <bob@example.com>\n\nx\n", toBob,
                        List.of("vacation:alice@example.org", "keep")),
                Case.msg("recipient +detail is ignored when looking for the user in To", SCRIPT,
                        base + "To: bob@example.com\n\nx\n", "vacation:alice@example.org", "keep"),
                Case.msg(":addresses names another address of the user",
                        "require \"vacation\"; vacation :addresses [\"robert@example.net\"] \"away\";",
                        base + "To: robert@example.net\n\nx\n", "vacation:alice@example.org", "keep"));
    }

    @ParameterizedTest(name = "reply: {0}")
    @MethodSource("reply")
    void repliesWhenAddressedToTheUser(Case c) {
        assertThat(new Harness(dir).actions(c.script(), c.message(), c.envelope())).isEqualTo(c.expected());
    }

    @Test
    void periodsAreClampedToTheConfiguredLimits() {
        Harness h = new Harness(dir);
        assertThat(only(h.run("require \"vacation\"; vacation :days 0 \"x\";", Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .period()).isEqualTo(Duration.ofDays(1));
        assertThat(only(h.run("require \"vacation\"; vacation :days 365 \"x\";", Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .period()).isEqualTo(Duration.ofDays(60));
        assertThat(only(h.run("require \"vacation-seconds\"; vacation :seconds 86400 :subject \"s\" \"x\";",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).period()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void subjectFromAndHandleArguments() {
        Action.Vacation v = only(new Harness(dir).run(
                "require [\"vacation\", \"variables\"]; set \"who\" \"Bob\";"
                        + " vacation :subject \"Away (${who})\" :from \"bob@example.com\" :handle \"h1\" \"See you\";",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE));
        assertThat(v.subject()).isEqualTo("Away (Bob)");
        assertThat(v.from()).isEqualTo("bob@example.com");
        assertThat(v.handle()).isEqualTo("h1");
    }

    @Test
    void rfc5230ExampleWithMimeReason() {
        String script = """
                require ["vacation"];
                vacation :mime text:
                Content-Type: multipart/alternative; boundary=foo

                --foo

                I'm at the beach relaxing.  Mmmm, surf...

                --foo
                Content-Type: text/html; charset=us-ascii

                <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN"
                 "http://www.w3.org/TR/REC-html40/strict.dtd">
                <HTML><HEAD><TITLE></TITLE></HEAD>
                <BODY><P>I'm at the <A HREF="http://example.com/">beach</A> relaxing.
                Mmmm, surf...
                </BODY></HTML>

                --foo--
                .
                ;
                """;
        Action.Vacation v = only(new Harness(dir).run(script, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE));
        assertThat(v.mime()).isTrue();
        String reply = new String(VacationReplyBuilder.build(v, "mx.example.com",
                ZonedDateTime.of(2024, 3, 14, 15, 0, 0, 0, ZoneOffset.UTC)), StandardCharsets.UTF_8);
        assertThat(reply).contains("\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=foo\r\n\r\n--foo\r\n")
                .contains("Auto-Submitted: auto-replied").doesNotContain("charset=us-ascii\r\nContent-Type");
    }

    @Test
    void replyBuilderProducesACompleteRfc5322Message() {
        Action.Vacation v = new Action.Vacation("alice@example.org", "bob@example.com", "Auto: Grüße",
                "Gone fishing.\nBack soon.", false, "<1@x>", "<0@x> <1@x>", "h", Duration.ofDays(7));
        String reply = new String(VacationReplyBuilder.build(v, "mx.example.com",
                ZonedDateTime.of(2024, 3, 14, 15, 0, 0, 0, ZoneOffset.UTC)), StandardCharsets.UTF_8);
        assertThat(reply).startsWith("Message-ID: <").contains("@mx.example.com>\r\n")
                .contains("\r\nDate: Thu, 14 Mar 2024 15:00:00 +0000\r\n")
                .contains("\r\nFrom: bob@example.com\r\n").contains("\r\nTo: <alice@example.org>\r\n")
                .contains("\r\nSubject: =?UTF-8?Q?Auto:_Gr=C3=BC=C3=9Fe?=\r\n")
                .contains("\r\nIn-Reply-To: <1@x>\r\n").contains("\r\nReferences: <0@x> <1@x>\r\n")
                .contains("\r\nAuto-Submitted: auto-replied (vacation)\r\n")
                .contains("\r\nContent-Type: text/plain; charset=us-ascii\r\n")
                .endsWith("\r\n\r\nGone fishing.\r\nBack soon.\r\n");
        assertThat(SieveMessage.of(reply.getBytes(StandardCharsets.UTF_8)).headers().get(4).decoded())
                .isEqualTo("Auto: Grüße");
    }

    @Test
    void vacationTogetherWithRejectIsARuntimeError() {
        assertThatThrownBy(() -> new Harness(dir).run("require [\"vacation\", \"reject\"]; vacation \"x\"; reject \"no\";",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class).hasMessageContaining("reject action conflicts with an earlier vacation action");
    }
}
