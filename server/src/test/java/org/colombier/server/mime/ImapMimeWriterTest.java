package org.colombier.server.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colombier.server.mime.Mail.crlf;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.colombier.server.imap.protocol.ResponseBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ENVELOPE, BODY and BODYSTRUCTURE as Dovecot writes them (imaptest fetch-envelope, fetch-bodystructure). */
@Timeout(10)
class ImapMimeWriterTest {
    private static final String HDR = "Date: Thu, 15 Feb 2007 01:02:03 +0200\n";

    static Stream<Arguments> fetchEnvelope() {
        return Stream.of(
                Arguments.of("all fields", """
                        Message-ID: <msg@id>
                        In-Reply-To: <reply@to.id>
                        Date: Thu, 15 Feb 2007 01:02:03 +0200
                        Subject: subject header
                        From: From Real <fromuser@fromdomain.org>
                        To: To Real <touser@todomain.org>
                        Cc: Cc Real <ccuser@ccdomain.org>
                        Bcc: Bcc Real <bccuser@bccdomain.org>
                        Sender: Sender Real <senderuser@senderdomain.org>
                        Reply-To: ReplyTo Real <replytouser@replytodomain.org>

                        body

                        """, "(\"Thu, 15 Feb 2007 01:02:03 +0200\" \"subject header\" ((\"From Real\" NIL \"fromuser\" "
                        + "\"fromdomain.org\")) ((\"Sender Real\" NIL \"senderuser\" \"senderdomain.org\")) "
                        + "((\"ReplyTo Real\" NIL \"replytouser\" \"replytodomain.org\")) ((\"To Real\" NIL \"touser\" "
                        + "\"todomain.org\")) ((\"Cc Real\" NIL \"ccuser\" \"ccdomain.org\")) ((\"Bcc Real\" NIL "
                        + "\"bccuser\" \"bccdomain.org\")) \"<reply@to.id>\" \"<msg@id>\")"),
                Arguments.of("from stands in for sender and reply-to", HDR + "From: user@domain\n\nbody\n\n",
                        "(\"Thu, 15 Feb 2007 01:02:03 +0200\" NIL ((NIL NIL \"user\" \"domain\")) ((NIL NIL \"user\" "
                        + "\"domain\")) ((NIL NIL \"user\" \"domain\")) NIL NIL NIL NIL NIL)"),
                Arguments.of("groups", HDR + """
                        From: user@domain (Real Name)
                        To: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;
                        Cc: group:;, group2: (foo) ;

                        body

                        """, "(\"Thu, 15 Feb 2007 01:02:03 +0200\" NIL ((\"Real Name\" NIL \"user\" \"domain\")) "
                        + "((\"Real Name\" NIL \"user\" \"domain\")) ((\"Real Name\" NIL \"user\" \"domain\")) "
                        + "((NIL NIL \"group\" NIL)(NIL NIL \"g1\" \"d1.org\")(NIL NIL \"g2\" \"d2.org\")(NIL NIL NIL NIL)"
                        + "(NIL NIL \"group2\" NIL)(NIL NIL \"g3\" \"d3.org\")(NIL NIL NIL NIL)) ((NIL NIL \"group\" NIL)"
                        + "(NIL NIL NIL NIL)(NIL NIL \"group2\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL)"),
                Arguments.of("empty sender and reply-to fall back to from", HDR + """
                        From: user@domain (Real Name)
                        Sender:\s
                        Reply-To:\s

                        body

                        """, "(\"Thu, 15 Feb 2007 01:02:03 +0200\" NIL ((\"Real Name\" NIL \"user\" \"domain\")) "
                        + "((\"Real Name\" NIL \"user\" \"domain\")) ((\"Real Name\" NIL \"user\" \"domain\")) "
                        + "NIL NIL NIL NIL NIL)"),
                Arguments.of("source route", HDR + "From: <@route:user@domain>\n\nbody\n",
                        "(\"Thu, 15 Feb 2007 01:02:03 +0200\" NIL ((NIL \"@route\" \"user\" \"domain\")) "
                        + "((NIL \"@route\" \"user\" \"domain\")) ((NIL \"@route\" \"user\" \"domain\")) "
                        + "NIL NIL NIL NIL NIL)"),
                Arguments.of("no header at all", "\nbody\n",
                        "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)"),
                Arguments.of("empty subject is an empty string, encoded words stay encoded",
                        "Subject: \nTo: =?utf-8?q?J=C3=B6rg?= <j@x.org>, \"Quoted \\\"Name\\\"\" <q@x.org>\n\nb\n",
                        "(NIL \"\" NIL NIL NIL ((\"=?utf-8?q?J=C3=B6rg?=\" NIL \"j\" \"x.org\")"
                        + "(\"Quoted \\\"Name\\\"\" NIL \"q\" \"x.org\")) NIL NIL NIL NIL)"),
                Arguments.of("folded subject loses its line breaks, keeps the whitespace",
                        "Subject: one\n\ttwo\n\nb\n", "(NIL \"one\ttwo\" NIL NIL NIL NIL NIL NIL NIL NIL)"),
                Arguments.of("8-bit subject is a literal of its raw bytes", "Subject: caf\u00e9\n\nb\n",
                        "(NIL {4}\r\ncaf\u00e9 NIL NIL NIL NIL NIL NIL NIL NIL)"),
                Arguments.of("a field given twice counts with its last value",
                        "Subject: first\nSubject: second\n\nb\n", "(NIL \"second\" NIL NIL NIL NIL NIL NIL NIL NIL)"),
                Arguments.of("missing domain is filled in", "From: user\n\nb\n",
                        "(NIL NIL ((NIL NIL \"user\" \"MISSING_DOMAIN\")) ((NIL NIL \"user\" \"MISSING_DOMAIN\")) "
                        + "((NIL NIL \"user\" \"MISSING_DOMAIN\")) NIL NIL NIL NIL NIL)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void fetchEnvelope(String name, String message, String expected) {
        assertThat(Mail.envelope(crlf(message))).isEqualTo(expected);
    }

    /** imaptest fetch-bodystructure: a folded quoted boundary, a text part with a charset. */
    static final byte[] FOLDED_BOUNDARY = crlf("""
            From: user@domain.org
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Mime-Version: 1.0
            Content-Type: multipart/mixed; boundary="foo
             bar"

            --foo bar
            Content-Type: text/x-myown; charset=us-ascii

            hello

            --foo bar--

            """);

    @Test
    void fetchBodystructureScript() {
        assertThat(Mail.body(FOLDED_BOUNDARY))
                .isEqualToIgnoringCase("((\"TEXT\" \"x-MYOWN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 7 1) \"MIXED\")")
                .isEqualTo("((\"text\" \"x-myown\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1) \"mixed\")");
        assertThat(Mail.bodyStructure(FOLDED_BOUNDARY)).isEqualTo(
                "((\"text\" \"x-myown\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1 NIL NIL NIL NIL) \"mixed\" "
                + "(\"boundary\" \"foo bar\") NIL NIL NIL)");
    }

    static Stream<Arguments> bodystructure() {
        return Stream.of(
                Arguments.of("plain message gets the default charset", "Subject: x\n\nhello\n",
                        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1 NIL NIL NIL NIL)"),
                Arguments.of("default charset is added after other parameters",
                        "Content-Type: text/plain; format=flowed\n\nhi\n",
                        "(\"text\" \"plain\" (\"format\" \"flowed\" \"charset\" \"us-ascii\") NIL NIL \"7bit\" 4 1 NIL NIL NIL NIL)"),
                Arguments.of("non-text part: no line count, NIL parameters",
                        "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAAA\n",
                        "(\"application\" \"octet-stream\" NIL NIL NIL \"base64\" 6 NIL NIL NIL NIL)"),
                Arguments.of("id, description, md5, disposition, language, location", """
                        Content-Type: text/html; charset="UTF-8"
                        Content-ID: <id@x>
                        Content-Description: a "quoted" page
                        Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
                        Content-Disposition: inline; filename="a b.html"
                        Content-Language: en, (comment) fr
                        Content-Location: http://x.org/a

                        <p>
                        """, "(\"text\" \"html\" (\"charset\" \"UTF-8\") \"<id@x>\" \"a \\\"quoted\\\" page\" \"7bit\" 5 1 "
                        + "\"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"inline\" (\"filename\" \"a b.html\")) (\"en\" \"fr\") "
                        + "\"http://x.org/a\")"),
                Arguments.of("RFC 2231 continuations are merged, the extended value kept encoded", """
                        Content-Type: application/pdf; name*0="long "; name*1="name.pdf"
                        Content-Disposition: attachment; filename*1*=%20b.pdf; filename*0*=utf-8''a%C3%A9

                        x
                        """, "(\"application\" \"pdf\" (\"name\" \"long name.pdf\") NIL NIL \"7bit\" 3 NIL "
                        + "(\"attachment\" (\"filename*\" \"utf-8''a%C3%A9%20b.pdf\")) NIL NIL)"),
                Arguments.of("a message without MIME-Version or Content-Type is not MIME: Content-* ignored", """
                        Content-Transfer-Encoding: base64
                        Content-Description: ignored

                        hi
                        """, "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 4 1 NIL NIL NIL NIL)"),
                Arguments.of("MIME-Version alone makes the Content-* fields count", """
                        MIME-Version: 1.0
                        Content-Transfer-Encoding: quoted-printable (comment)

                        hi
                        """, "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"quoted-printable\" 4 1 NIL NIL NIL NIL)"),
                Arguments.of("an encoding that is more than one token is ignored", """
                        MIME-Version: 1.0
                        Content-Transfer-Encoding: base64; x=y

                        hi
                        """, "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 4 1 NIL NIL NIL NIL)"),
                Arguments.of("multipart without parts gets one empty text part", """
                        Content-Type: multipart/mixed; boundary=b

                        no parts here
                        """, "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL) "
                        + "\"mixed\" (\"boundary\" \"b\") NIL NIL NIL)"),
                Arguments.of("message/rfc822 has envelope, body and line count", """
                        Content-Type: message/rfc822

                        Subject: inner
                        From: a@b.c

                        hi
                        """, "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 35 (NIL \"inner\" ((NIL NIL \"a\" \"b.c\")) "
                        + "((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) NIL NIL NIL NIL NIL) "
                        + "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 4 1 NIL NIL NIL NIL) 4 "
                        + "NIL NIL NIL NIL)"),
                Arguments.of("nested multiparts", """
                        Content-Type: multipart/mixed; boundary=outer

                        --outer
                        Content-Type: multipart/alternative; boundary=inner

                        --inner
                        Content-Type: text/plain

                        plain
                        --inner
                        Content-Type: text/html

                        <b>html</b>
                        --inner--

                        --outer
                        Content-Type: image/png; name=a.png
                        Content-Transfer-Encoding: base64
                        Content-Disposition: attachment

                        iVBORw0KGgo=
                        --outer--
                        """, "(((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 5 0 NIL NIL NIL NIL)"
                        + "(\"text\" \"html\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 0 NIL NIL NIL NIL) "
                        + "\"alternative\" (\"boundary\" \"inner\") NIL NIL NIL)"
                        + "(\"image\" \"png\" (\"name\" \"a.png\") NIL NIL \"base64\" 12 NIL (\"attachment\" NIL) NIL NIL) "
                        + "\"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)"),
                Arguments.of("digest parts default to message/rfc822", """
                        Content-Type: multipart/digest; boundary=d

                        --d

                        Subject: m1

                        one
                        --d--
                        """, "((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 18 (NIL \"m1\" NIL NIL NIL NIL NIL NIL NIL NIL) "
                        + "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 0 NIL NIL NIL NIL) 2 "
                        + "NIL NIL NIL NIL) \"digest\" (\"boundary\" \"d\") NIL NIL NIL)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void bodystructure(String name, String message, String expected) {
        assertThat(Mail.bodyStructure(crlf(message))).isEqualTo(expected);
    }

    @Test
    void bodyOmitsExtensionDataAtEveryLevel() {
        byte[] m = crlf("Content-Type: message/rfc822\n\nSubject: inner\n\nhi\n");
        assertThat(Mail.body(m)).isEqualTo("(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 22 "
                + "(NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"plain\" (\"charset\" \"us-ascii\") "
                + "NIL NIL \"7bit\" 4 1) 3)");
    }

    @Test
    void cachedFormIsWrittenBackByteForByte() throws Exception {
        byte[] cached = ImapMimeWriter.envelope(MessageStructure.parse(crlf("Subject: caf\u00e9\n\nb\n")).envelope());
        byte[] response = ImapMimeWriter.write(ResponseBuilder.untagged().number(1).atom("FETCH").openList()
                .atom("ENVELOPE"), cached).closeList().build().toByteArray();
        assertThat(new String(response, StandardCharsets.ISO_8859_1))
                .isEqualTo("* 1 FETCH (ENVELOPE (NIL {4}\r\ncaf\u00e9 NIL NIL NIL NIL NIL NIL NIL NIL))\r\n");
    }
}
