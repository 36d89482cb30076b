package org.colombier.server.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.sieve.action.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 5436 mailto: notifications built from the URI (RFC 6068) and the notify arguments. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MailtoNotificationTest {
    private static final ZonedDateTime NOW = ZonedDateTime.parse("2026-11-25T04:00:00Z");

    private static MailtoNotification of(String uri, String message) {
        return MailtoNotification.of(new Action.Notify(uri, null, 2, List.of(), message), "postmaster@mx.test", "mx.test", NOW);
    }

    @Test
    void recipientsSubjectAndBodyComeFromThePercentDecodedUri() {
        MailtoNotification n = of("mailto:a%40x.test,b@y.test?to=c@z.test&subject=Hello%20there&body=a+b", null);
        assertThat(n.recipients()).containsExactly("a@x.test", "b@y.test", "c@z.test");
        String text = new String(n.message(), StandardCharsets.UTF_8);
        assertThat(text).contains("From: postmaster@mx.test\r\n", "Subject: Hello there\r\n",
                "Auto-Submitted: auto-notified\r\n").endsWith("\r\n\r\na+b\r\n");
    }

    @Test
    void theNotifyMessageIsTheDefaultSubjectAndBody() {
        String text = new String(of("mailto:a@x.test", "You have mail").message(), StandardCharsets.UTF_8);
        assertThat(text).contains("Subject: You have mail\r\n").endsWith("\r\n\r\nYou have mail\r\n");
    }

    @Test
    void headerFieldsOtherThanSubjectAndBodyAreNotTakenFromTheUri() {
        String text = new String(of("mailto:a@x.test?cc=evil@x.test&from=boss@x.test", "hi").message(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("evil@x.test", "boss@x.test");
    }

    @Test
    void aUriWithoutUsableRecipientsOrOfAnotherSchemeGivesNothing() {
        assertThat(of("mailto:", "x")).isNull();
        assertThat(of("mailto:not-an-address", "x")).isNull();
        assertThat(of("xmpp:someone@x.test", "x")).isNull();
        assertThat(of("mailto:a@x.test%0D%0ARCPT", "x")).isNull();
    }

    @Test
    void aSubjectCannotAddHeaderLines() {
        String text = new String(of("mailto:a@x.test?subject=hi%0D%0ABcc:%20evil@x.test", null).message(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r\nBcc:");
    }
}
