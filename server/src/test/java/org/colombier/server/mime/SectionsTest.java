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
}
