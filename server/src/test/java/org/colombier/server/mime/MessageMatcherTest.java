package org.colombier.server.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colombier.server.mime.Mail.crlf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.SystemFlag;
import org.colombier.server.imap.protocol.DecoderEvent;
import org.colombier.server.imap.protocol.ImapLimits;
import org.colombier.server.imap.protocol.RequestDecoder;
import org.colombier.server.imap.protocol.SequenceSet;
import org.colombier.server.imap.protocol.command.CommandRegistry;
import org.colombier.server.imap.protocol.command.ParseContext;
import org.colombier.server.imap.protocol.command.SearchCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SEARCH results over the imaptest search-* fixtures, criteria parsed by the real IMAP parser. */
@Timeout(10)
class MessageMatcherTest {

    /** A mailbox of messages; message i has UID 10*i, flags and size as given. */
    record Box(List<byte[]> messages, List<Flags> flags) {
        static Box of(String... lfMessages) {
            List<byte[]> m = new ArrayList<>();
            List<Flags> f = new ArrayList<>();
            for (String s : lfMessages) {
                m.add(crlf(s));
                f.add(Flags.NONE);
            }
            return new Box(m, f);
        }

        /** The sequence numbers matching {@code criteria}, as SEARCH would list them. */
        List<Integer> search(String criteria) throws Exception {
            SearchCommand cmd = parse("A SEARCH " + criteria);
            List<Integer> hits = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                if (MessageMatcher.matches(cmd.key(), context(i))) {
                    hits.add(i + 1);
                }
            }
            return hits;
        }

        SearchContext context(int i) {
            byte[] msg = messages.get(i);
            int count = messages.size();
            MessageInfo info = new MessageInfo(10L * (i + 1), 100 + i, msg.length, msg.length,
                    Instant.parse("2008-02-22T15:06:23Z"), flags.get(i), null, null);
            return new SearchContext() {
                @Override
                public long sequence() {
                    return i + 1;
                }

                @Override
                public MessageInfo info() {
                    return info;
                }

                @Override
                public boolean recent() {
                    return i == count - 1;
                }

                @Override
                public boolean inSequenceSet(SequenceSet set) {
                    return set.resolve(count).contains(i + 1);
                }

                @Override
                public boolean inUidSet(SequenceSet set) {
                    return set.resolve(10L * count).contains(info.uid());
                }

                @Override
                public byte[] message() {
                    return msg;
                }

                @Override
                public ZoneId zone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Instant now() {
                    return Instant.parse("2008-02-22T16:06:23Z");
                }
            };
        }
    }

    static SearchCommand parse(String line) throws Exception {
        RequestDecoder d = new RequestDecoder(ImapLimits.defaults());
        ByteBuffer in = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (DecoderEvent e = d.next(in); e != null; e = d.next(in)) {
            if (e instanceof DecoderEvent.Received r) {
                return (SearchCommand) CommandRegistry.parse(r.request(), new ParseContext(false));
            }
        }
        throw new AssertionError("incomplete: " + line);
    }

    /** A non-synchronizing literal: 8-bit text cannot be quoted. */
    static String literal(String s) {
        return "{" + s.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + s;
    }

    static final Box HEADER = Box.of("Subject: hello beautiful world\n\nbody\n\n",
            "X-Extra: hello beautiful header\nX-Extra: another one\n\nbody\n");

    static Stream<Arguments> searchHeader() {
        return Stream.of(
                Arguments.of("subject hello", List.of(1)),
                Arguments.of("subject beautiful", List.of(1)),
                Arguments.of("subject world", List.of(1)),
                Arguments.of("subject \"hello beautiful\"", List.of(1)),
                Arguments.of("subject \"hello beautiful world\"", List.of(1)),
                Arguments.of("subject \"eautiful worl\"", List.of(1)),
                Arguments.of("subject HELLO", List.of(1)),
                Arguments.of("header subject \"\"", List.of(1)),
                Arguments.of("not header subject \"\"", List.of(2)),
                Arguments.of("header x-extra \"\"", List.of(2)),
                Arguments.of("not header x-extra \"\"", List.of(1)),
                Arguments.of("header x-extra hello", List.of(2)),
                Arguments.of("header x-extra \"hello beautiful\"", List.of(2)),
                Arguments.of("header x-extra \"eautiful head\"", List.of(2)),
                Arguments.of("header x-extra \"another\"", List.of(2)));
    }

    @ParameterizedTest(name = "SEARCH {0}")
    @MethodSource
    void searchHeader(String criteria, List<Integer> expected) throws Exception {
        assertThat(HEADER.search(criteria)).isEqualTo(expected);
    }

    static final Box BODY = Box.of(
            "Date: Sat, 24 Mar 2007 23:00:00 +0200\n\nasdfghjkl zxcvbnm\n\n",
            "Date: Sat, 24 Mar 2007 23:00:00 +0200\nSubject: qwertyuiop\n\nasdfghjkl\n\n",
            "Date: Sat, 24 Mar 2007 23:00:00 +0200\nX-Header: qwertyuiop\n\nzxcvbnm\n\n",
            "Date: Sat, 24 Mar 2007 23:00:00 +0200\n\nzxcvbnm qwertyuiop\n");

    static Stream<Arguments> searchBody() {
        return Stream.of(
                Arguments.of("text asdfghjkl", List.of(1, 2)),
                Arguments.of("text zxcvbnm", List.of(1, 3, 4)),
                Arguments.of("text qwertyuiop", List.of(2, 3, 4)),
                Arguments.of("body asdfghjkl", List.of(1, 2)),
                Arguments.of("body zxcvbnm", List.of(1, 3, 4)),
                Arguments.of("body qwertyuiop", List.of(4)),
                Arguments.of("text sdfghjk", List.of(1, 2)),
                Arguments.of("text xcvbn", List.of(1, 3, 4)),
                Arguments.of("text wertyuio", List.of(2, 3, 4)),
                Arguments.of("body sdfghjk", List.of(1, 2)),
                Arguments.of("body xcvbn", List.of(1, 3, 4)),
                Arguments.of("body wertyuio", List.of(4)));
    }

    @ParameterizedTest(name = "SEARCH {0}")
    @MethodSource
    void searchBody(String criteria, List<Integer> expected) throws Exception {
        assertThat(BODY.search(criteria)).isEqualTo(expected);
    }

    static final Box ADDRESSES = Box.of("""
            From: user-from@domain.org
            To: user-to@domain.org
            Cc: user-cc@domain.org
            Bcc: user-bcc@domain.org

            body
            """, """
            From: RealFrom <user-from@domain.org>
            To: RealTo <user-to@domain.org>
            Cc: RealCc <user-cc@domain.org>
            Bcc: RealBcc <user-bcc@domain.org>

            body2
            """, """
            From: <user-from (comment)@ (comment) domain.org>
            To: <user-to@domain.org>
            Cc: <user-cc@domain.org>
            Bcc: <user-bcc@domain.org>

            body3
            """, """
            From: user-from@domain.org (RealFrom)
            To: user-to@domain.org (RealTo)
            Cc: user-cc@domain.org (RealCc)
            Bcc: user-bcc@domain.org (RealBcc)

            body4
            """, """
            From: user-from1@domain.org, user-from2@domain.org
            Cc: user-cc@domain.org

            body5
            """, """
            From: RealFrom <user-from@domain.org>
            To: groupname: groupuser1@domain.org, groupuser2@domain.org;,
              groupname2: groupuser3@domain.org;

            body6
            """, """
            From: RealFrom <user-from@domain.org>
            To: groupname:;

            body7
            """);

    static Stream<Arguments> searchAddresses() {
        return Stream.of(
                Arguments.of("from user-from@domain.org", List.of(1, 2, 3, 4, 6, 7)),
                Arguments.of("to user-to@domain.org", List.of(1, 2, 3, 4)),
                Arguments.of("cc user-cc@domain.org", List.of(1, 2, 3, 4, 5)),
                Arguments.of("bcc user-bcc@domain.org", List.of(1, 2, 3, 4)),
                Arguments.of("from realfrom", List.of(2, 4, 6, 7)),
                Arguments.of("to realto", List.of(2, 4)),
                Arguments.of("cc realcc", List.of(2, 4)),
                Arguments.of("bcc realbcc", List.of(2, 4)),
                Arguments.of("header from \"\"", List.of(1, 2, 3, 4, 5, 6, 7)),
                Arguments.of("header to \"\"", List.of(1, 2, 3, 4, 6, 7)),
                Arguments.of("header cc \"\"", List.of(1, 2, 3, 4, 5)),
                Arguments.of("header bcc \"\"", List.of(1, 2, 3, 4)),
                Arguments.of("from ser-fro", List.of(1, 2, 3, 4, 5, 6, 7)),
                Arguments.of("to ser-t", List.of(1, 2, 3, 4)),
                Arguments.of("cc ser-c", List.of(1, 2, 3, 4, 5)),
                Arguments.of("bcc ser-bc", List.of(1, 2, 3, 4)),
                Arguments.of("from ealfro", List.of(2, 4, 6, 7)),
                Arguments.of("to ealt", List.of(2, 4)),
                Arguments.of("cc ealc", List.of(2, 4)),
                Arguments.of("bcc ealbc", List.of(2, 4)),
                Arguments.of("from user-from1", List.of(5)),
                Arguments.of("from user-from2", List.of(5)),
                Arguments.of("to groupname", List.of(6, 7)),
                Arguments.of("to groupname2", List.of(6)),
                Arguments.of("to groupuser1", List.of(6)),
                Arguments.of("to groupuser2", List.of(6)),
                Arguments.of("to groupuser3", List.of(6)),
                Arguments.of("to groupuser4", List.of()));
    }

    @ParameterizedTest(name = "SEARCH {0}")
    @MethodSource
    void searchAddresses(String criteria, List<Integer> expected) throws Exception {
        assertThat(ADDRESSES.search(criteria)).isEqualTo(expected);
    }

    static final Box DATES = dates("Sat, 24 Mar 2007 23:00:00 +0200", "Sun, 25 Mar 2007 00:00:00 +0200",
            "Sun, 25 Mar 2007 01:00:00 +0200", "Sun, 25 Mar 2007 02:00:00 +0200", "Sun, 25 Mar 2007 04:00:00 +0300",
            "Sun, 25 Mar 2007 23:00:00 +0300", "Mon, 26 Mar 2007 00:00:00 +0300", "Sat, 27 Oct 2007 03:00:00 +0300",
            "Sun, 28 Oct 2007 00:00:00 +0300", "Sun, 28 Oct 2007 01:00:00 +0300", "Sun, 28 Oct 2007 02:00:00 +0300",
            "Sun, 28 Oct 2007 03:00:00 +0300", "Sun, 28 Oct 2007 03:00:00 +0200", "Sun, 28 Oct 2007 04:00:00 +0200",
            "Sun, 28 Oct 2007 23:00:00 +0200", "Mon, 29 Oct 2007 00:00:00 +0200");

    static Box dates(String... dates) {
        return Box.of(Stream.of(dates).map(d -> "Date: " + d + "\n\nbody\n\n").toArray(String[]::new));
    }

    static Stream<Arguments> searchDate() {
        return Stream.of(
                Arguments.of("sentbefore 24-mar-2007", List.of()),
                Arguments.of("sentbefore 25-mar-2007", List.of(1)),
                Arguments.of("sentbefore 26-mar-2007", List.of(1, 2, 3, 4, 5, 6)),
                Arguments.of("sentbefore 27-mar-2007", List.of(1, 2, 3, 4, 5, 6, 7)),
                Arguments.of("senton 23-mar-2007", List.of()),
                Arguments.of("senton 24-mar-2007", List.of(1)),
                Arguments.of("senton 25-mar-2007", List.of(2, 3, 4, 5, 6)),
                Arguments.of("senton 26-mar-2007", List.of(7)),
                Arguments.of("1:7 sentsince 24-mar-2007", List.of(1, 2, 3, 4, 5, 6, 7)),
                Arguments.of("1:7 sentsince 25-mar-2007", List.of(2, 3, 4, 5, 6, 7)),
                Arguments.of("1:7 sentsince 26-mar-2007", List.of(7)),
                Arguments.of("1:7 sentsince 27-mar-2007", List.of()),
                Arguments.of("8:* sentbefore 27-oct-2007", List.of()),
                Arguments.of("8:* sentbefore 28-oct-2007", List.of(8)),
                Arguments.of("8:* sentbefore 29-oct-2007", List.of(8, 9, 10, 11, 12, 13, 14, 15)),
                Arguments.of("8:* sentbefore 30-oct-2007", List.of(8, 9, 10, 11, 12, 13, 14, 15, 16)),
                Arguments.of("8:* senton 26-oct-2007", List.of()),
                Arguments.of("8:* senton 27-oct-2007", List.of(8)),
                Arguments.of("8:* senton 28-oct-2007", List.of(9, 10, 11, 12, 13, 14, 15)),
                Arguments.of("8:* senton 29-oct-2007", List.of(16)),
                Arguments.of("8:* sentsince 27-oct-2007", List.of(8, 9, 10, 11, 12, 13, 14, 15, 16)),
                Arguments.of("8:* sentsince 28-oct-2007", List.of(9, 10, 11, 12, 13, 14, 15, 16)),
                Arguments.of("8:* sentsince 29-oct-2007", List.of(16)),
                Arguments.of("8:* sentsince 30-oct-2007", List.of()),
                Arguments.of("1:7 not sentbefore 26-mar-2007", List.of(7)),
                Arguments.of("1:7 not senton 25-mar-2007", List.of(1, 7)),
                Arguments.of("8:* not sentsince 28-oct-2007", List.of(8)),
                Arguments.of("8:* not senton 28-oct-2007", List.of(8, 16)));
    }

    @ParameterizedTest(name = "SEARCH {0}")
    @MethodSource
    void searchDate(String criteria, List<Integer> expected) throws Exception {
        assertThat(DATES.search(criteria)).isEqualTo(expected);
    }

    @Test
    void searchSizeUsesRfc822Size() throws Exception {
        Box box = Box.of("Date: Sat, 24 Mar 2007 23:00:00 +0200\n\n1\n\n",
                "Date: Sat, 24 Mar 2007 23:00:00 +0200\n\n22\n\n",
                "Date: Sat, 24 Mar 2007 23:00:00 +0200\n\n333\n\n",
                "Date: Sat, 24 Mar 2007 23:00:00 +0200\n\n4\n4\n\n");
        long size = box.messages().get(2).length;
        assertThat(box.search("smaller " + size)).containsExactly(1, 2);
        assertThat(box.search("larger " + size)).containsExactly(4);
        assertThat(box.search("not smaller " + size)).containsExactly(3, 4);
        assertThat(box.search("not larger " + size)).containsExactly(1, 2, 3);
        assertThat(box.search("not smaller " + size + " not larger " + size)).containsExactly(3);
        assertThat(box.search("or smaller " + size + " larger " + size)).containsExactly(1, 2, 4);
    }

    @Test
    void metadataKeys() throws Exception {
        Box box = Box.of("a: 1\n\nx\n", "a: 2\n\nx\n", "a: 3\n\nx\n");
        box.flags().set(0, Flags.of(SystemFlag.SEEN, SystemFlag.FLAGGED));
        box.flags().set(1, Flags.of(SystemFlag.DELETED).withKeywords(Set.of("$Work")));
        assertThat(box.search("seen")).containsExactly(1);
        assertThat(box.search("unseen")).containsExactly(2, 3);
        assertThat(box.search("flagged deleted")).isEmpty();
        assertThat(box.search("or flagged deleted")).containsExactly(1, 2);
        assertThat(box.search("keyword $work")).containsExactly(2);
        assertThat(box.search("unkeyword $Work")).containsExactly(1, 3);
        assertThat(box.search("recent")).containsExactly(3);
        assertThat(box.search("new")).containsExactly(3);
        assertThat(box.search("old")).containsExactly(1, 2);
        assertThat(box.search("2:*")).containsExactly(2, 3);
        assertThat(box.search("uid 10,30")).containsExactly(1, 3);
        assertThat(box.search("not uid 20:*")).containsExactly(1);
        assertThat(box.search("modseq 101")).containsExactly(2, 3);
        assertThat(box.search("since 22-feb-2008 before 23-feb-2008 on 22-Feb-2008")).containsExactly(1, 2, 3);
        assertThat(box.search("before 22-feb-2008")).isEmpty();
        assertThat(box.search("younger 3600")).containsExactly(1, 2, 3);
        assertThat(box.search("older 3600")).isEmpty();
        assertThat(box.search("older 3599")).containsExactly(1, 2, 3);
        assertThat(box.search("younger 3599")).isEmpty();
        assertThat(box.search("(seen) (all)")).containsExactly(1);
    }

    @Test
    void contentKeysDecodeEncodedWordsTransferEncodingsAndCharsets() throws Exception {
        Box box = Box.of("""
                Subject: =?iso-8859-1?q?caf=E9_cr=E8me?=
                From: =?utf-8?b?SsO2cmc=?= <j@x.org>
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                w6lsw6h2ZQ==
                --b
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                Gr=FC=DFe aus M=FCnchen
                --b
                Content-Type: application/octet-stream

                secretword
                --b--
                """);
        assertThat(box.search("charset utf-8 subject " + literal("CAFÉ"))).containsExactly(1);
        assertThat(box.search("charset utf-8 from " + literal("jörg"))).containsExactly(1);
        assertThat(box.search("charset utf-8 body " + literal("élève"))).containsExactly(1);
        assertThat(box.search("charset utf-8 body " + literal("grüße aus münchen"))).containsExactly(1);
        assertThat(box.search("body secretword")).isEmpty();
        assertThat(box.search("text w6lsw6h2ZQ==")).isEmpty();
        assertThat(box.search("charset utf-8 text " + literal("crème"))).containsExactly(1);
    }

    @Test
    void headerKeysUseACachedStructureWithoutReadingTheMessage() throws Exception {
        byte[] m = crlf("Subject: cached\nDate: 1 Jan 2020 00:00:00 +0000\n\nbody text\n");
        byte[] cached = MessageStructure.parse(m).toBytes();
        SearchContext base = Box.of("x: y\n\nz\n").context(0);
        int[] reads = {0};
        SearchContext ctx = new SearchContext() {
            @Override
            public long sequence() {
                return 1;
            }

            @Override
            public MessageInfo info() {
                return base.info();
            }

            @Override
            public boolean recent() {
                return false;
            }

            @Override
            public boolean inSequenceSet(SequenceSet set) {
                return true;
            }

            @Override
            public boolean inUidSet(SequenceSet set) {
                return true;
            }

            @Override
            public byte[] message() {
                reads[0]++;
                return m;
            }

            @Override
            public MessageStructure cachedStructure() {
                return MessageStructure.fromBytes(cached);
            }
        };
        assertThat(MessageMatcher.matches(parse("A SEARCH SUBJECT cached SENTON 1-Jan-2020").key(), ctx)).isTrue();
        assertThat(reads[0]).isZero();
        assertThat(MessageMatcher.matches(parse("A SEARCH BODY text").key(), ctx)).isTrue();
        assertThat(reads[0]).isEqualTo(1);
    }

    @Test
    void bodySearchLooksIntoEnclosedMessages() throws Exception {
        Box box = Box.of("Content-Type: message/rfc822\n\nSubject: inner needle\n\nhay and pin\n");
        assertThat(box.search("body needle")).containsExactly(1);
        assertThat(box.search("body pin")).containsExactly(1);
        assertThat(box.search("subject needle")).isEmpty();
    }
}
