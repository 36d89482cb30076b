package org.colombier.server.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colombier.server.mime.Mail.crlf;
import static org.colombier.server.mime.Mail.fetch;

import java.util.stream.Stream;

import org.colombier.server.imap.protocol.command.FetchItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BODY[section] answers, from imaptest's fetch-body* scripts (what Dovecot returns). */
@Timeout(10)
class SectionsTest {

    /** imaptest fetch-body-mime.mbox (the blank line before the next From_ line stays in the message). */
    static final byte[] MIME = crlf("""
            From: user@domain.org
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Mime-Version: 1.0
            Content-Type: multipart/mixed; boundary="foo
             bar"

            Root MIME prologue

            --foo bar
            Content-Type: text/x-myown; charset=us-ascii

            hello

            --foo bar
            Content-Type: message/rfc822

            From: sub@domain.org
            Date: Sun, 12 Aug 2012 12:34:56 +0300
            Subject: submsg
            Content-Type: multipart/alternative; boundary="sub1"

            Sub MIME prologue
            --sub1
            Content-Type: text/html

            <p>Hello world</p>

            --sub1
            Content-Type: text/plain

            Hello another world

            --sub1--
            Sub MIME epilogue

            --foo bar--
            Root MIME epilogue
            """);

    static final String SUB_HEADER = """
            From: sub@domain.org
            Date: Sun, 12 Aug 2012 12:34:56 +0300
            Subject: submsg
            Content-Type: multipart/alternative; boundary="sub1"

            """;

    static final String SUB_TEXT = """
            Sub MIME prologue
            --sub1
            Content-Type: text/html

            <p>Hello world</p>

            --sub1
            Content-Type: text/plain

            Hello another world

            --sub1--
            Sub MIME epilogue
            """;

    static Stream<Arguments> fetchBodyMime() {
        String all = Mail.text(MIME);
        return Stream.of(
                Arguments.of("", all),
                Arguments.of("TEXT", all.substring(all.indexOf("Root MIME prologue"))),
                Arguments.of("1", "hello\n"),
                Arguments.of("1.MIME", "Content-Type: text/x-myown; charset=us-ascii\n\n"),
                Arguments.of("2", SUB_HEADER + SUB_TEXT),
                Arguments.of("2.MIME", "Content-Type: message/rfc822\n\n"),
                Arguments.of("2.HEADER", SUB_HEADER),
                Arguments.of("2.HEADER.FIELDS (from subject X-foo)", "From: sub@domain.org\nSubject: submsg\n\n"),
                Arguments.of("2.HEADER.FIELDS.NOT (from subject X-foo)",
                        "Date: Sun, 12 Aug 2012 12:34:56 +0300\nContent-Type: multipart/alternative; boundary=\"sub1\"\n\n"),
                Arguments.of("2.TEXT", SUB_TEXT),
                Arguments.of("2.1.MIME", "Content-Type: text/html\n\n"),
                Arguments.of("2.1", "<p>Hello world</p>\n"),
                Arguments.of("2.2.MIME", "Content-Type: text/plain\n\n"),
                Arguments.of("2.2", "Hello another world\n"));
    }

    @ParameterizedTest(name = "BODY[{0}]")
    @MethodSource
    void fetchBodyMime(String section, String expected) {
        assertThat(fetch(MIME, section)).isEqualTo(Mail.text(crlf(expected)));
    }

    /** imaptest fetch-body.mbox, messages 1 and 3. */
    static final byte[] BODY1 = crlf("""
            From: User1 <user1@domain.org>
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Subject: s1

            body1

            """);
    static final byte[] BODY3 = crlf("""
            From: User3 <user3@domain.org>
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Subject: s333

            body33

            """);

    static Stream<Arguments> fetchBody() {
        return Stream.of(
                Arguments.of("HEADER", "From: User1 <user1@domain.org>\nDate: Sat, 24 Mar 2007 23:00:00 +0200\nSubject: s1\n\n"),
                Arguments.of("TEXT", "body1\n\n"),
                Arguments.of("HEADER.FIELDS (from)", "From: User1 <user1@domain.org>\n\n"),
                Arguments.of("HEADER.FIELDS (from from)", "From: User1 <user1@domain.org>\n\n"),
                Arguments.of("HEADER.FIELDS (from subject)", "From: User1 <user1@domain.org>\nSubject: s1\n\n"),
                Arguments.of("HEADER.FIELDS (SUBJECT FROM)", "From: User1 <user1@domain.org>\nSubject: s1\n\n"),
                Arguments.of("HEADER.FIELDS.NOT (date)", "From: User1 <user1@domain.org>\nSubject: s1\n\n"),
                Arguments.of("HEADER.FIELDS.NOT (date date)", "From: User1 <user1@domain.org>\nSubject: s1\n\n"),
                Arguments.of("HEADER.FIELDS (xyz)", "\n"),
                Arguments.of("1", "body1\n\n"),
                Arguments.of("2", null),
                Arguments.of("1.1", null));
    }

    @ParameterizedTest(name = "BODY[{0}]")
    @MethodSource
    void fetchBody(String section, String expected) {
        assertThat(fetch(BODY1, section)).isEqualTo(expected == null ? null : Mail.text(crlf(expected)));
    }

    static Stream<Arguments> partialFetches() {
        return Stream.of(
                Arguments.of(0, 1, "b"),
                Arguments.of(5, 1, "3"),
                Arguments.of(5, 2, "3\r"),
                Arguments.of(5, 3, "3\r\n"),
                Arguments.of(6, 1, "\r"),
                Arguments.of(6, 2, "\r\n"),
                Arguments.of(7, 1, "\n"),
                Arguments.of(7, 100, "\n\r\n"),
                Arguments.of(10, 5, ""),
                Arguments.of(1000, 5, ""));
    }

    @ParameterizedTest(name = "BODY[TEXT]<{0}.{1}>")
    @MethodSource
    void partialFetches(long offset, long length, String expected) {
        assertThat(fetch(BODY3, "TEXT", new FetchItem.Partial(offset, length))).isEqualTo(expected);
    }

    @Test
    void partialOfSynthesizedHeaderFields() {
        assertThat(fetch(BODY1, "HEADER.FIELDS (subject)", new FetchItem.Partial(2, 5))).isEqualTo("bject");
    }

    /** imaptest fetch-body-message-rfc822.mbox. */
    static final byte[] RFC822 = crlf("""
            From: user@domain.org
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Mime-Version: 1.0
            Content-Type: message/rfc822

            From: sub@domain.org
            Date: Sun, 12 Aug 2012 12:34:56 +0300
            Subject: submsg

            Hello world
            """);

    static Stream<Arguments> fetchBodyMessageRfc822() {
        String sub = "From: sub@domain.org\nDate: Sun, 12 Aug 2012 12:34:56 +0300\nSubject: submsg\n\n";
        return Stream.of(
                Arguments.of("TEXT", sub + "Hello world\n"),
                Arguments.of("1", sub + "Hello world\n"),
                Arguments.of("1.1", "Hello world\n"),
                Arguments.of("1.HEADER", sub),
                Arguments.of("1.HEADER.FIELDS (from subject X-foo)", "From: sub@domain.org\nSubject: submsg\n\n"),
                Arguments.of("1.HEADER.FIELDS.NOT (from subject X-foo)", "Date: Sun, 12 Aug 2012 12:34:56 +0300\n\n"),
                Arguments.of("1.TEXT", "Hello world\n"));
    }

    @ParameterizedTest(name = "BODY[{0}]")
    @MethodSource
    void fetchBodyMessageRfc822(String section, String expected) {
        assertThat(fetch(RFC822, section)).isEqualTo(Mail.text(crlf(expected)));
    }

    /** imaptest fetch-body-message-rfc822-x2.mbox: a message in a message in a message. */
    static final byte[] RFC822_X2 = crlf("""
            From: user@domain.org
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Mime-Version: 1.0
            Content-Type: message/rfc822

            From: user2@domain.org
            Date: Fri, 23 Mar 2007 11:22:33 +0200
            Mime-Version: 1.0
            Content-Type: message/rfc822

            From: sub@domain.org
            Date: Sun, 12 Aug 2012 12:34:56 +0300
            Subject: submsg

            Hello world
            """);

    static Stream<Arguments> fetchBodyMessageRfc822X2() {
        String mid = "From: user2@domain.org\nDate: Fri, 23 Mar 2007 11:22:33 +0200\nMime-Version: 1.0\n"
                + "Content-Type: message/rfc822\n\n";
        String sub = "From: sub@domain.org\nDate: Sun, 12 Aug 2012 12:34:56 +0300\nSubject: submsg\n\n";
        return Stream.of(
                Arguments.of("TEXT", mid + sub + "Hello world\n"),
                Arguments.of("1", mid + sub + "Hello world\n"),
                Arguments.of("1.1", sub + "Hello world\n"),
                Arguments.of("1.HEADER", mid),
                Arguments.of("1.TEXT", sub + "Hello world\n"),
                Arguments.of("1.1.1", "Hello world\n"),
                Arguments.of("1.1.HEADER", sub),
                Arguments.of("1.1.TEXT", "Hello world\n"));
    }

    @ParameterizedTest(name = "BODY[{0}]")
    @MethodSource
    void fetchBodyMessageRfc822X2(String section, String expected) {
        assertThat(fetch(RFC822_X2, section)).isEqualTo(Mail.text(crlf(expected)));
    }

    /** imaptest fetch-body-message-rfc822-mime.mbox: multipart/digest parts default to message/rfc822. */
    static final byte[] DIGEST = crlf("""
            From: user@domain.org
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Mime-Version: 1.0
            Content-Type: message/rfc822

            From: sub@domain.org
            Date: Sun, 12 Aug 2012 12:34:56 +0300
            Subject: submsg
            Content-Type: multipart/digest; boundary="foo"

            prologue

            --foo\s

            From: m1@example.com
            Subject: m1

            m1 body

            --foo\s
            X-Mime: m2 header

            From: m2@example.com
            Subject: m2

            m2 body

            --foo--

            epilogue
            """);

    static Stream<Arguments> fetchBodyMessageRfc822Mime() {
        String subHeader = "From: sub@domain.org\nDate: Sun, 12 Aug 2012 12:34:56 +0300\nSubject: submsg\n"
                + "Content-Type: multipart/digest; boundary=\"foo\"\n\n";
        String all = Mail.text(DIGEST).replace("\r\n", "\n");
        String subText = all.substring(all.indexOf("prologue"));
        return Stream.of(
                Arguments.of("1", subHeader + subText),
                Arguments.of("1.HEADER", subHeader),
                Arguments.of("1.TEXT", subText),
                Arguments.of("1.1", "From: m1@example.com\nSubject: m1\n\nm1 body\n"),
                Arguments.of("1.1.MIME", "\n"),
                Arguments.of("1.1.HEADER", "From: m1@example.com\nSubject: m1\n\n"),
                Arguments.of("1.1.TEXT", "m1 body\n"),
                Arguments.of("1.2", "From: m2@example.com\nSubject: m2\n\nm2 body\n"),
                Arguments.of("1.2.MIME", "X-Mime: m2 header\n\n"),
                Arguments.of("1.2.HEADER", "From: m2@example.com\nSubject: m2\n\n"),
                Arguments.of("1.2.TEXT", "m2 body\n"));
    }

    @ParameterizedTest(name = "BODY[{0}]")
    @MethodSource
    void fetchBodyMessageRfc822Mime(String section, String expected) {
        assertThat(fetch(DIGEST, section)).isEqualTo(Mail.text(crlf(expected)));
    }
}
