package org.colombier.server.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cached search header holds every covered field exactly as a parse of the message gives it,
 * and an ENVELOPE built from the header alone equals one built from the whole message.
 */
@Timeout(20)
class SearchHeaderTest {
    static final List<String> MESSAGES = List.of(
            "Received: from a by b\r\n\tfor <x@y>; Mon, 2 Nov 2026 10:00:00 +0000\r\n"
                    + "DKIM-Signature: v=1; a=rsa-sha256;\r\n b=abc\r\n"
                    + "From: \"Xavier Yzzy\" <xy@example.org>\r\n"
                    + "Subject: The magic word is\r\n XYZZY, folded\r\n"
                    + "subject: =?UTF-8?Q?Caf=C3=A9?=\r\n"
                    + "X-Empty:\r\n"
                    + "X-Spaces :   padded   \r\n"
                    + "ARC-Seal: i=1\r\n"
                    + "To: a@example.org,\r\n  b@example.org\r\n"
                    + "\r\n"
                    + "Body: not a header\r\n",
            "From: only@example.org\r\nSubject: no body",
            "From: only@example.org\r\nSubject: empty body\r\n\r\n",
            "\r\nno header at all\r\n",
            "garbage line without colon\r\nFrom: after@example.org\r\nSubject: x\r\n\r\nbody\r\n",
            "From: a@b\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nSubject: inner\r\n\r\nx\r\n--q--\r\n",
            "");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The header block as MessageBytes.readHeader gives it: up to and including the first empty line. */
    static byte[] headerBlock(String message) {
        int end = message.startsWith("\r\n") ? 2 : message.indexOf("\r\n\r\n");
        return bytes(end < 0 ? message : message.substring(0, end == 2 && message.startsWith("\r\n") ? 2 : end + 4));
    }

    @Test
    void theCachedHeaderHoldsEveryCoveredFieldAsTheMessageParseGivesIt() {
        for (String m : MESSAGES) {
            Header full = MessageStructure.parse(bytes(m)).root().header();
            Header cached = SearchHeader.parse(SearchHeader.of(headerBlock(m)));
            List<String[]> expected = full.fields().stream().filter(f -> SearchHeader.covers(f.name()))
                    .map(f -> new String[] {f.name(), f.value(), f.raw().endsWith("\n") ? f.raw() : f.raw() + "\r\n"}).toList();
            List<String[]> got = cached.fields().stream().map(f -> new String[] {f.name(), f.value(), f.raw()}).toList();
            assertThat(got).as(m).usingElementComparator((a, b) -> Arrays.equals(a, b) ? 0 : 1).isEqualTo(expected);
        }
    }

    @Test
    void bulkyTraceAndSignatureFieldsAreLeftOutAndNamedAsNotCovered() {
        Header cached = SearchHeader.parse(SearchHeader.of(headerBlock(MESSAGES.get(0))));
        assertThat(cached.fields()).extracting(HeaderField::name)
                .containsExactly("From", "Subject", "subject", "X-Empty", "X-Spaces", "To");
        assertThat(SearchHeader.covers("RECEIVED")).isFalse();
        assertThat(SearchHeader.covers("dkim-signature")).isFalse();
        assertThat(SearchHeader.covers("Subject")).isTrue();
        assertThat(SearchHeader.covers("List-Id")).isTrue();
    }

    @Test
    void anEnvelopeFromTheHeaderAloneEqualsOneFromTheWholeMessage() {
        for (String m : MESSAGES) {
            assertThat(ImapMimeWriter.envelope(MessageStructure.parse(headerBlock(m)).envelope())).as(m)
                    .isEqualTo(ImapMimeWriter.envelope(MessageStructure.parse(bytes(m)).envelope()));
        }
    }
}
