package org.colombier.server.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colombier.server.mime.Mail.crlf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.colombier.server.imap.protocol.command.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad mail never throws, never hangs, and every offset stays inside the message. */
@Timeout(30)
class MalformedMailTest {

    /** Parses, renders and fetches every section of {@code m}, checking the offsets. */
    static MessageStructure check(byte[] m) throws Exception {
        MessageStructure s = MessageStructure.parse(m);
        assertThat(s.size()).isEqualTo(m.length);
        List<List<Integer>> paths = new ArrayList<>();
        walk(s.root(), 0, m.length, new ArrayList<>(), paths, true);
        ImapMimeWriter.bodyStructure(s, true);
        ImapMimeWriter.bodyStructure(s, false);
        ImapMimeWriter.envelope(s.envelope());
        paths.add(List.of());
        for (List<Integer> path : paths) {
            for (Section.Kind kind : Section.Kind.values()) {
                if (kind == Section.Kind.MIME && path.isEmpty()) {
                    continue;
                }
                List<String> fields = kind == Section.Kind.HEADER_FIELDS || kind == Section.Kind.HEADER_FIELDS_NOT
                        ? List.of("Subject", "Content-Type") : List.of();
                SectionContent c = Sections.resolve(s, new Section(path, kind, fields), null);
                assertThat(c).as("BODY[%s]", path).isNotNull();
                if (c instanceof SectionContent.Slice slice) {
                    assertThat(slice.offset()).isBetween(0L, (long) m.length);
                    assertThat(slice.offset() + slice.length()).isBetween(slice.offset(), (long) m.length);
                }
            }
            try {
                Sections.binary(s, m, path, null);
            } catch (UnknownEncodingException expected) {
                // a valid answer: NO [UNKNOWN-CTE]
            }
        }
        return s;
    }

    private static void walk(MimePart p, long lo, long hi, List<Integer> path, List<List<Integer>> paths,
                             boolean root) {
        assertThat(p.headerOffset()).isBetween(lo, hi);
        assertThat(p.headerOffset() + p.headerSize()).isEqualTo(p.bodyOffset());
        assertThat(p.bodyOffset() + p.bodySize()).isBetween(p.bodyOffset(), hi);
        assertThat(p.bodyVirtualSize()).isGreaterThanOrEqualTo(p.bodySize());
        if (root && p.kind() != MimePart.Kind.MULTIPART) {
            path.add(1); // a single-part message is its own part 1
        }
        if (!path.isEmpty()) {
            paths.add(List.copyOf(path));
        }
        long end = p.bodyOffset() + p.bodySize();
        if (p.kind() == MimePart.Kind.MESSAGE) {
            assertThat(p.message().envelope()).isNotNull();
            MimePart inner = p.message();
            if (inner.kind() == MimePart.Kind.MULTIPART) {
                walkChildren(inner, p.bodyOffset(), end, path, paths);
            } else {
                path.add(1);
                walk(inner, p.bodyOffset(), end, path, paths, false);
                path.remove(path.size() - 1);
            }
        } else if (p.kind() == MimePart.Kind.MULTIPART) {
            walkChildren(p, p.bodyOffset(), end, path, paths);
        }
    }

    private static void walkChildren(MimePart p, long lo, long hi, List<Integer> path, List<List<Integer>> paths) {
        long last = lo;
        for (int i = 0; i < p.children().size(); i++) {
            MimePart c = p.children().get(i);
            assertThat(c.headerOffset()).isGreaterThanOrEqualTo(last);
            path.add(i + 1);
            walk(c, lo, hi, path, paths, false);
            path.remove(path.size() - 1);
            last = c.bodyOffset() + c.bodySize();
        }
    }

    @Test
    void emptyMessage() throws Exception {
        MessageStructure s = check(new byte[0]);
        assertThat(Mail.bodyStructure(new byte[0]))
                .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)");
        assertThat(s.root().bodySize()).isZero();
    }

    @Test
    void headerWithoutBodyOrBlankLine() throws Exception {
        byte[] m = "Subject: no end".getBytes(StandardCharsets.US_ASCII);
        MessageStructure s = check(m);
        assertThat(s.envelope().subject()).isEqualTo("no end");
        assertThat(s.root().headerSize()).isEqualTo(m.length);
        assertThat(Mail.fetch(m, "TEXT")).isEmpty();
        assertThat(Mail.fetch(m, "HEADER.FIELDS (SUBJECT)")).isEqualTo("Subject: no end\r\n\r\n");
    }

    @Test
    void bareLineFeedsKeepOffsetsAndCountVirtualCrlf() throws Exception {
        byte[] m = "Subject: lf\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\nX: y\n\nsecond\n--b--\n"
                .getBytes(StandardCharsets.US_ASCII);
        check(m);
        assertThat(Mail.fetch(m, "1")).isEqualTo("first");
        assertThat(Mail.fetch(m, "2")).isEqualTo("second");
        assertThat(Mail.fetch(m, "2.MIME")).isEqualTo("X: y\n\n");
        assertThat(Mail.fetch(m, "HEADER.FIELDS (subject)")).isEqualTo("Subject: lf\r\n\r\n");
        assertThat(Mail.body(m)).isEqualTo("((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 5 0)"
                + "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 0) \"mixed\")");
        byte[] lines = "a: b\n\none\ntwo\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(MessageStructure.parse(lines).root().bodyVirtualSize()).isEqualTo(10);
        assertThat(MessageStructure.parse(lines).root().bodyLines()).isEqualTo(2);
    }

    @Test
    void missingCloseDelimiterEndsTheLastPartAtTheEnd() throws Exception {
        byte[] m = crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nonly part, no end\n");
        check(m);
        assertThat(Mail.fetch(m, "1")).isEqualTo("only part, no end\r\n");
    }

    @Test
    void multipartWithoutBoundaryParameterIsOnePart() throws Exception {
        byte[] m = crlf("Content-Type: multipart/mixed\n\n--b\n\ntext\n--b--\n");
        MessageStructure s = check(m);
        assertThat(s.root().kind()).isEqualTo(MimePart.Kind.BASIC);
        assertThat(Mail.fetch(m, "1")).isEqualTo(Mail.fetch(m, "TEXT"));
    }

    @Test
    void emptyBoundaryParameter() throws Exception {
        byte[] m = crlf("Content-Type: multipart/mixed; boundary=\"\"\n\n--\n\none\n--\n\ntwo\n----\n");
        check(m);
        assertThat(Mail.bodyStructure(m)).startsWith("(");
    }

    @Test
    void garbageLinesInHeaderAreSkippedNotLost() throws Exception {
        byte[] m = crlf("From x Tue\nSubject: s\nthis is no field\n folded orphan\nTo: a@b.c\n\nbody\n");
        MessageStructure s = check(m);
        assertThat(s.root().header().fields()).extracting(HeaderField::name).containsExactly("Subject", "To");
        assertThat(Mail.fetch(m, "TEXT")).isEqualTo("body\r\n");
        assertThat(s.envelope().to()).containsExactly(new Address(null, null, "a", "b.c"));
    }

    @Test
    void hugeHeaderLine() throws Exception {
        String big = "x".repeat(2_000_000);
        byte[] m = crlf("Subject: " + big + "\nTo: a@b.c\n\nbody\n");
        MessageStructure s = check(m);
        assertThat(s.envelope().subject()).hasSize(big.length());
        assertThat(Mail.fetch(m, "TEXT")).isEqualTo("body\r\n");
    }

    @Test
    void manyHeaderFieldsAreBoundedButSkippedCorrectly() throws Exception {
        String fields = "X-Field: value\r\n".repeat(MimeLimits.DEFAULT.maxHeaderFields() + 1000);
        byte[] m = (fields + "Subject: last\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        MessageStructure s = check(m);
        assertThat(s.root().header().fields()).hasSize(MimeLimits.DEFAULT.maxHeaderFields());
        assertThat(Mail.fetch(m, "TEXT")).isEqualTo("body\r\n");
        assertThat(s.root().headerSize()).isEqualTo(m.length - "body\r\n".length());
    }

    @Test
    void eightBitAndNulBytes() throws Exception {
        byte[] m = "Subject: \u00ff\u0000\u00e9\r\nContent-Type: text/plain; charset=\u00e9\r\n\r\n\u0000\u00ff\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        check(m);
        assertThat(Mail.envelope(m)).startsWith("(NIL {3}\r\n\u00ff\u0000\u00e9 ");
    }

    @Test
    void deepNestingIsBounded() throws Exception {
        StringBuilder sb = new StringBuilder();
        int depth = 300;
        for (int i = 0; i < depth; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        sb.append("\r\ndeep\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            sb.append("--b").append(i).append("--\r\n");
        }
        byte[] m = sb.toString().getBytes(StandardCharsets.US_ASCII);
        MessageStructure s = check(m);
        int levels = 0;
        for (MimePart p = s.root(); !p.children().isEmpty(); p = p.children().get(0)) {
            levels++;
        }
        assertThat(levels).isLessThanOrEqualTo(MimeLimits.DEFAULT.maxDepth());
    }

    @Test
    void deepMessageNestingIsBounded() throws Exception {
        String m = "Subject: leaf\r\n\r\nleaf\r\n";
        for (int i = 0; i < 300; i++) {
            m = "Content-Type: message/rfc822\r\n\r\n" + m;
        }
        MessageStructure s = check(m.getBytes(StandardCharsets.US_ASCII));
        int levels = 0;
        for (MimePart p = s.root(); p.kind() == MimePart.Kind.MESSAGE; p = p.message()) {
            levels++;
        }
        assertThat(levels).isLessThanOrEqualTo(MimeLimits.DEFAULT.maxDepth());
    }

    @Test
    void partCountIsBounded() throws Exception {
        StringBuilder sb = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < 200; i++) {
            sb.append("--b\r\n\r\n").append(i).append("\r\n");
        }
        sb.append("--b--\r\n");
        byte[] m = sb.toString().getBytes(StandardCharsets.US_ASCII);
        MessageStructure s = MessageStructure.parse(m, new MimeLimits(10, 50, 100));
        assertThat(s.root().children()).hasSizeLessThan(50);
        assertThat(MessageStructure.parse(m).root().children()).hasSize(200);
    }

    @Test
    void encodedMessageRfc822StaysAMessageForTheGrammarAndDecodesForBinary() throws Exception {
        byte[] m = crlf("MIME-Version: 1.0\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
                + "U3ViamVjdDogeA0KDQp5DQo=\n");
        MessageStructure s = check(m);
        assertThat(s.root().kind()).isEqualTo(MimePart.Kind.MESSAGE);
        assertThat(Mail.bodyStructure(m)).isEqualTo("(\"message\" \"rfc822\" NIL NIL NIL \"base64\" 26 "
                + "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL "
                + "\"7bit\" 0 0 NIL NIL NIL NIL) 1 NIL NIL NIL NIL)");
        assertThat(Mail.text(Sections.binary(s, m, List.of(1), null).bytes(m))).isEqualTo("Subject: x\r\n\r\ny\r\n");
    }

    @Test
    void randomMailNeverBreaksTheParser() throws Exception {
        String[] pieces = {"Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: multipart/digest; boundary=c\r\n",
            "Content-Type: message/rfc822\r\n", "Content-Transfer-Encoding: base64\r\n", "Subject: =?x?q?a?=\r\n",
            "From: a <b@c>, (x) d@e;\r\n", "To: g: h@i;\r\n", "--b\r\n", "--b--\r\n", "--c\r\n", "--c--\r\n", "\r\n", "\n",
            "\r", "garbage\r\n", " folded\r\n", "body text\r\n", "Content-Disposition: attachment; filename*0*=x''%\r\n",
            "\u0000", "\u00ff\u00fe", ":\r\n", "--b", "--c \r\n", "Content-Type: text/plain; charset=\"\r\n",
            "Content-Type: multipart/mixed; boundary=\"\"\r\n", "--\r\n", "----\r\n"};
        Random random = new Random(42);
        for (int n = 0; n < 1500; n++) {
            StringBuilder sb = new StringBuilder();
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            check(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    @Timeout(15)
    void largeMessageParsesInOnePass() throws Exception {
        StringBuilder sb = new StringBuilder("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        String line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n";
        for (int part = 0; part < 4; part++) {
            sb.append("--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Type: application/pdf\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n");
            sb.append(line.repeat(60_000));
        }
        sb.append("--b--\r\n");
        byte[] m = sb.toString().getBytes(StandardCharsets.US_ASCII);
        MessageStructure s = MessageStructure.parse(m);
        assertThat(s.root().children()).hasSize(4);
        assertThat(s.part(List.of(4, 1)).bodySize()).isEqualTo(line.length() * 60_000L - 2); // the last CRLF belongs to the delimiter
    }

    @Test
    void randomBytesNeverBreakTheParser() throws Exception {
        Random random = new Random(7);
        for (int n = 0; n < 300; n++) {
            byte[] m = new byte[random.nextInt(3000)];
            random.nextBytes(m);
            check(m);
        }
    }
}
