package org.colombier.server.imap.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.SystemFlag;
import org.colombier.server.imap.protocol.DecoderEvent;
import org.colombier.server.imap.protocol.ImapLimits;
import org.colombier.server.imap.protocol.Request;
import org.colombier.server.imap.protocol.RequestDecoder;
import org.colombier.server.imap.protocol.SequenceSet;
import org.colombier.server.imap.protocol.command.FetchItem.Attribute;
import org.colombier.server.imap.protocol.command.FetchItem.BodySection;
import org.colombier.server.imap.protocol.command.FetchItem.Kind;
import org.colombier.server.imap.protocol.command.NoArgsCommand.Name;
import org.colombier.server.imap.protocol.command.SearchKey.Comparison;
import org.colombier.server.imap.protocol.command.SearchKey.DateField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command's parser, valid and invalid, from the wire form through the decoder. */
@Timeout(10)
class CommandParsersTest {

    /** Decodes one command line (literals included) and parses it. */
    static Request request(String line, boolean utf8) {
        RequestDecoder d = new RequestDecoder(ImapLimits.defaults());
        d.setUtf8(utf8);
        ByteBuffer in = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (DecoderEvent e = d.next(in); e != null; e = d.next(in)) {
            if (e instanceof DecoderEvent.Received r) {
                return r.request();
            }
            if (!(e instanceof DecoderEvent.LiteralContinuation)) {
                fail("unexpected " + e);
            }
        }
        throw new AssertionError("incomplete command: " + line);
    }

    static ImapCommand parse(String line, boolean utf8) throws CommandParseException {
        return CommandRegistry.parse(request(line, utf8), new ParseContext(utf8));
    }

    static SequenceSet seq(String s) {
        return SequenceSet.parse(s);
    }

    static Section section(Section.Kind kind, List<Integer> part, String... fields) {
        return new Section(part, kind, List.of(fields));
    }

    static Arguments row(String line, ImapCommand expected) {
        return Arguments.of(line, expected);
    }

    static SearchCommand search(SearchKey key) {
        return new SearchCommand(false, null, null, key);
    }

    static SearchKey flag(SystemFlag f, boolean set) {
        return new SearchKey.Flag(f, set);
    }

    static SearchKey date(DateField f, Comparison c, int y, int m, int d) {
        return new SearchKey.Date(f, c, LocalDate.of(y, m, d));
    }

    static Stream<Arguments> valid() {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("name", "sodr");
        id.put("version", null);
        return Stream.of(
                row("A CAPABILITY", new NoArgsCommand(Name.CAPABILITY)),
                row("A noop", new NoArgsCommand(Name.NOOP)),
                row("A LOGOUT", new NoArgsCommand(Name.LOGOUT)),
                row("A STARTTLS", new NoArgsCommand(Name.STARTTLS)),
                row("A CHECK", new NoArgsCommand(Name.CHECK)),
                row("A CLOSE", new NoArgsCommand(Name.CLOSE)),
                row("A UNSELECT", new NoArgsCommand(Name.UNSELECT)),
                row("A EXPUNGE", new NoArgsCommand(Name.EXPUNGE)),
                row("A IDLE", new NoArgsCommand(Name.IDLE)),
                row("A NAMESPACE", new NoArgsCommand(Name.NAMESPACE)),
                row("A AUTHENTICATE plain", new AuthenticateCommand("PLAIN", null)),
                row("A AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==",
                        new AuthenticateCommand("PLAIN", "\0alice\0secret".getBytes(StandardCharsets.US_ASCII))),
                row("A AUTHENTICATE EXTERNAL =", new AuthenticateCommand("EXTERNAL", new byte[0])),
                row("A LOGIN alice \"s3 \\\"cret\"", new LoginCommand("alice", "s3 \"cret")),
                row("A LOGIN {5}\r\nalice {6}\r\np\u00e4ss!", new LoginCommand("alice", "p\u00e4ss!")),
                row("A LOGIN alice*admin secret", new LoginCommand("alice*admin", "secret")),
                row("A SELECT inbox", new SelectCommand("INBOX", false, false, null)),
                row("A EXAMINE \"Entw&APw-rfe\"", new SelectCommand("Entw\u00fcrfe", true, false, null)),
                row("A SELECT INBOX (CONDSTORE)", new SelectCommand("INBOX", false, true, null)),
                row("A SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))",
                        new SelectCommand("INBOX", false, false, new SelectCommand.QResync(67890007,
                                20050715194045000L, seq("41,43:211,214:541"), null, null))),
                row("A SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000 15000,22500,27000)))",
                        new SelectCommand("INBOX", false, false, new SelectCommand.QResync(67890007,
                                90060115194045000L, seq("1:29997"), seq("5000,7500,9000"), seq("15000,22500,27000")))),
                row("A SELECT INBOX (QRESYNC (1 2))",
                        new SelectCommand("INBOX", false, false, new SelectCommand.QResync(1, 2, null, null, null))),
                row("A CREATE Work/Projects", new CreateCommand("Work/Projects", List.of())),
                row("A CREATE MySpecial (USE (\\Drafts \\Sent))",
                        new CreateCommand("MySpecial", List.of("\\Drafts", "\\Sent"))),
                row("A DELETE foo", new DeleteCommand("foo")),
                row("A RENAME foo \"bar baz\"", new RenameCommand("foo", "bar baz")),
                row("A SUBSCRIBE ~peter/mail/&U,BTFw-/&ZeVnLIqe-",
                        new SubscribeCommand("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e", true)),
                row("A UNSUBSCRIBE [Gmail]/Spam", new SubscribeCommand("[Gmail]/Spam", false)),
                row("A LIST \"\" *", new ListCommand("", List.of("*"), Set.of(), Set.of(), List.of())),
                row("A LIST \"\" \"\"", new ListCommand("", List.of(""), Set.of(), Set.of(), List.of())),
                row("A LIST ~smith/Mail/ foo.*", new ListCommand("~smith/Mail/", List.of("foo.*"), Set.of(), Set.of(),
                        List.of())),
                row("A LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (% \"Other/*\") RETURN (CHILDREN STATUS (MESSAGES UNSEEN))",
                        new ListCommand("", List.of("%", "Other/*"),
                                Set.of(ListCommand.Selection.SUBSCRIBED, ListCommand.Selection.RECURSIVEMATCH),
                                Set.of(ListCommand.Return.CHILDREN, ListCommand.Return.STATUS),
                                List.of(StatusItem.MESSAGES, StatusItem.UNSEEN))),
                row("A LIST (SPECIAL-USE REMOTE) \"\" * RETURN (SPECIAL-USE SUBSCRIBED)",
                        new ListCommand("", List.of("*"),
                                Set.of(ListCommand.Selection.SPECIAL_USE, ListCommand.Selection.REMOTE),
                                Set.of(ListCommand.Return.SPECIAL_USE, ListCommand.Return.SUBSCRIBED), List.of())),
                row("A LSUB \"#news.\" \"comp.mail.*\"", new LsubCommand("#news.", "comp.mail.*")),
                row("A STATUS blurdybloop (UIDNEXT MESSAGES SIZE HIGHESTMODSEQ RECENT UIDVALIDITY UNSEEN DELETED)",
                        new StatusCommand("blurdybloop", List.of(StatusItem.UIDNEXT, StatusItem.MESSAGES,
                                StatusItem.SIZE, StatusItem.HIGHESTMODSEQ, StatusItem.RECENT, StatusItem.UIDVALIDITY,
                                StatusItem.UNSEEN, StatusItem.DELETED))),
                row("A UID EXPUNGE 3000:3002", new UidExpungeCommand(seq("3000:3002"))),
                row("A COPY 2:4 MEETING", new CopyCommand(false, false, seq("2:4"), "MEETING")),
                row("A UID COPY 1:* \"x y\"", new CopyCommand(true, false, seq("1:*"), "x y")),
                row("A MOVE 1 Trash", new CopyCommand(false, true, seq("1"), "Trash")),
                row("A uid move $ Archive", new CopyCommand(true, true, SequenceSet.SAVED, "Archive")),
                row("A ENABLE CONDSTORE UTF8=ACCEPT", new EnableCommand(List.of("CONDSTORE", "UTF8=ACCEPT"))),
                row("A ID NIL", new IdCommand(null)),
                row("A ID (\"name\" \"sodr\" \"version\" NIL)", new IdCommand(id)),
                row("A STORE 2:4 +FLAGS (\\Deleted)", new StoreCommand(false, seq("2:4"),
                        FlagUpdate.add(Flags.of(SystemFlag.DELETED)), false, -1)),
                row("A UID STORE 1 FLAGS.SILENT (\\Seen $Forwarded)", new StoreCommand(true, seq("1"),
                        FlagUpdate.replace(new Flags(Set.of(SystemFlag.SEEN), Set.of("$Forwarded"))), true, -1)),
                row("A STORE 1 -flags \\Seen \\Draft", new StoreCommand(false, seq("1"),
                        FlagUpdate.remove(Flags.of(SystemFlag.SEEN, SystemFlag.DRAFT)), false, -1)),
                row("A STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)", new StoreCommand(false,
                        seq("7,5,9"), FlagUpdate.add(Flags.of(SystemFlag.DELETED)), true, 320162338)),
                row("A STORE 1 FLAGS ()", new StoreCommand(false, seq("1"), FlagUpdate.replace(Flags.NONE), false, -1)),
                row("A FETCH 1 FAST", new FetchCommand(false, seq("1"), List.of(new Attribute(Kind.FLAGS),
                        new Attribute(Kind.INTERNALDATE), new Attribute(Kind.RFC822_SIZE)), -1, false)),
                row("A FETCH 2:4 all", new FetchCommand(false, seq("2:4"), List.of(new Attribute(Kind.FLAGS),
                        new Attribute(Kind.INTERNALDATE), new Attribute(Kind.RFC822_SIZE),
                        new Attribute(Kind.ENVELOPE)), -1, false)),
                row("A FETCH 2:4 FULL", new FetchCommand(false, seq("2:4"), List.of(new Attribute(Kind.FLAGS),
                        new Attribute(Kind.INTERNALDATE), new Attribute(Kind.RFC822_SIZE),
                        new Attribute(Kind.ENVELOPE), new Attribute(Kind.BODY)), -1, false)),
                row("A FETCH 1 (FLAGS INTERNALDATE RFC822 RFC822.HEADER RFC822.SIZE RFC822.TEXT UID ENVELOPE BODY "
                        + "BODYSTRUCTURE MODSEQ)", new FetchCommand(false, seq("1"), Stream.of(Kind.values())
                        .map(k -> (FetchItem) new Attribute(k)).toList(), -1, false)),
                row("A UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345 VANISHED)", new FetchCommand(true, seq("1:*"),
                        List.of(new Attribute(Kind.FLAGS)), 12345, true)),
                row("A FETCH 1 BODY[]", new FetchCommand(false, seq("1"),
                        List.of(new BodySection(false, section(Section.Kind.ALL, List.of()), null)), -1, false)),
                row("A FETCH 1 (BODY.PEEK[HEADER.FIELDS (From \"To\")]<0.2048>)", new FetchCommand(false, seq("1"),
                        List.of(new BodySection(true, section(Section.Kind.HEADER_FIELDS, List.of(), "From", "To"),
                                new FetchItem.Partial(0, 2048))), -1, false)),
                row("A FETCH 1 (BODY[1.2.HEADER.FIELDS.NOT (X-Spam Received)] BODY[1.MIME] BODY[2.TEXT] "
                        + "BODY[header] BODY[TEXT] BODY[3.1] BODY[4.HEADER])", new FetchCommand(false, seq("1"), List.of(
                        new BodySection(false, section(Section.Kind.HEADER_FIELDS_NOT, List.of(1, 2), "X-Spam",
                                "Received"), null),
                        new BodySection(false, section(Section.Kind.MIME, List.of(1)), null),
                        new BodySection(false, section(Section.Kind.TEXT, List.of(2)), null),
                        new BodySection(false, section(Section.Kind.HEADER, List.of()), null),
                        new BodySection(false, section(Section.Kind.TEXT, List.of()), null),
                        new BodySection(false, section(Section.Kind.ALL, List.of(3, 1)), null),
                        new BodySection(false, section(Section.Kind.HEADER, List.of(4)), null)), -1, false)),
                row("A FETCH 1 (BINARY[1]<0.100> BINARY.PEEK[] BINARY.SIZE[1.2])", new FetchCommand(false, seq("1"),
                        List.of(new FetchItem.Binary(false, List.of(1), new FetchItem.Partial(0, 100)),
                                new FetchItem.Binary(true, List.of(), null),
                                new FetchItem.BinarySize(List.of(1, 2))), -1, false)),
                row("A FETCH $ FLAGS", new FetchCommand(false, SequenceSet.SAVED, List.of(new Attribute(Kind.FLAGS)),
                        -1, false)),
                row("A SEARCH ALL", search(new SearchKey.All())),
                row("A SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"", search(new SearchKey.And(List.of(
                        flag(SystemFlag.FLAGGED, true), date(DateField.INTERNAL, Comparison.SINCE, 1994, 2, 1),
                        new SearchKey.Not(new SearchKey.Header("FROM", "Smith")))))),
                row("A UID SEARCH CHARSET UTF-8 SUBJECT {5}\r\n\u00e9t\u00e9", new SearchCommand(true, null, "UTF-8",
                        new SearchKey.Header("SUBJECT", "\u00e9t\u00e9"))),
                row("A SEARCH charset us-ascii ALL", new SearchCommand(false, null, "US-ASCII", new SearchKey.All())),
                row("A SEARCH OR (ANSWERED DELETED) (DRAFT NOT SEEN)", search(new SearchKey.Or(
                        new SearchKey.And(List.of(flag(SystemFlag.ANSWERED, true), flag(SystemFlag.DELETED, true))),
                        new SearchKey.And(List.of(flag(SystemFlag.DRAFT, true),
                                new SearchKey.Not(flag(SystemFlag.SEEN, true))))))),
                row("A SEARCH ALL ANSWERED BCC a BEFORE 1-Jan-2000 BODY b CC c DELETED DRAFT FLAGGED FROM d "
                        + "HEADER X-Y e KEYWORD $k LARGER 10 NEW NOT SEEN OLD ON 2-Jan-2000 OR RECENT SEEN "
                        + "SENTBEFORE 3-Jan-2000 SENTON \"4-Jan-2000\" SENTSINCE 5-Jan-2000 SINCE 6-Jan-2000 SMALLER 20 "
                        + "SUBJECT f TEXT g TO h UID 1:5 UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNKEYWORD $j UNSEEN "
                        + "1,3:* OLDER 60 YOUNGER 30 MODSEQ 5 $", search(new SearchKey.And(List.of(
                        new SearchKey.All(), flag(SystemFlag.ANSWERED, true), new SearchKey.Header("BCC", "a"),
                        date(DateField.INTERNAL, Comparison.BEFORE, 2000, 1, 1), new SearchKey.Body("b"),
                        new SearchKey.Header("CC", "c"), flag(SystemFlag.DELETED, true), flag(SystemFlag.DRAFT, true),
                        flag(SystemFlag.FLAGGED, true), new SearchKey.Header("FROM", "d"),
                        new SearchKey.Header("X-Y", "e"), new SearchKey.Keyword("$k", true),
                        new SearchKey.Size(true, 10),
                        new SearchKey.And(List.of(new SearchKey.Recent(true), flag(SystemFlag.SEEN, false))),
                        new SearchKey.Not(flag(SystemFlag.SEEN, true)), new SearchKey.Recent(false),
                        date(DateField.INTERNAL, Comparison.ON, 2000, 1, 2),
                        new SearchKey.Or(new SearchKey.Recent(true), flag(SystemFlag.SEEN, true)),
                        date(DateField.SENT, Comparison.BEFORE, 2000, 1, 3),
                        date(DateField.SENT, Comparison.ON, 2000, 1, 4),
                        date(DateField.SENT, Comparison.SINCE, 2000, 1, 5),
                        date(DateField.INTERNAL, Comparison.SINCE, 2000, 1, 6), new SearchKey.Size(false, 20),
                        new SearchKey.Header("SUBJECT", "f"), new SearchKey.Text("g"), new SearchKey.Header("TO", "h"),
                        new SearchKey.Uid(seq("1:5")), flag(SystemFlag.ANSWERED, false),
                        flag(SystemFlag.DELETED, false), flag(SystemFlag.DRAFT, false),
                        flag(SystemFlag.FLAGGED, false), new SearchKey.Keyword("$j", false),
                        flag(SystemFlag.SEEN, false), new SearchKey.Sequence(seq("1,3:*")),
                        new SearchKey.Within(true, 60), new SearchKey.Within(false, 30),
                        new SearchKey.ModSeq(5, null, null), new SearchKey.Sequence(SequenceSet.SAVED))))),
                row("A SEARCH RETURN (MIN MAX COUNT) UNSEEN", new SearchCommand(false,
                        Set.of(SearchCommand.Return.MIN, SearchCommand.Return.MAX, SearchCommand.Return.COUNT), null,
                        flag(SystemFlag.SEEN, false))),
                row("A SEARCH RETURN () ALL", new SearchCommand(false, Set.of(SearchCommand.Return.ALL), null,
                        new SearchKey.All())),
                row("A UID SEARCH RETURN (SAVE) UID $", new SearchCommand(true, Set.of(SearchCommand.Return.SAVE),
                        null, new SearchKey.Uid(SequenceSet.SAVED))),
                row("A SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338",
                        search(new SearchKey.ModSeq(620162338, "/flags/\\draft", "all"))));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesValidCommands(String line, ImapCommand expected) throws CommandParseException {
        assertThat(parse(line, false)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        StringBuilder manyIds = new StringBuilder("A ID (");
        for (int i = 0; i < 31; i++) {
            manyIds.append("\"k").append(i).append("\" \"v\" ");
        }
        return Stream.of(
                Arguments.of("A FOO", "A BAD Unknown command FOO"),
                Arguments.of("A UID", "A BAD Missing UID command"),
                Arguments.of("A UID FOO 1", "A BAD Unknown command UID FOO"),
                Arguments.of("A NOOP extra", "A BAD Unexpected extra argument: extra"),
                Arguments.of("A LOGIN alice", "A BAD Missing password"),
                Arguments.of("A LOGIN a\\b c", "A BAD Invalid user name: expected a string"),
                Arguments.of("A LOGIN (a) b", "A BAD Invalid user name: expected a string"),
                Arguments.of("A AUTHENTICATE", "A BAD Missing SASL mechanism"),
                Arguments.of("A AUTHENTICATE PLAIN !!!", "A BAD Invalid base64 in SASL response"),
                Arguments.of("A SELECT", "A BAD Missing mailbox name"),
                Arguments.of("A SELECT &Jjo", "A NO Mailbox name has an unterminated '&' shift"),
                Arguments.of("A SELECT &AGE-", "A NO Mailbox name encodes printable ASCII"),
                Arguments.of("A SELECT INBOX (FOO)", "A BAD Unknown select parameter: FOO"),
                Arguments.of("A SELECT INBOX CONDSTORE", "A BAD Invalid select parameters: expected a parenthesized list"),
                Arguments.of("A SELECT INBOX (QRESYNC (0 1))", "A BAD Invalid UIDVALIDITY: must not be 0"),
                Arguments.of("A SELECT INBOX (QRESYNC (1 0))", "A BAD Invalid mod-sequence: must not be 0"),
                Arguments.of("A CREATE x (USE (Sent))", "A BAD Invalid special-use attribute: Sent"),
                Arguments.of("A RENAME a", "A BAD Missing mailbox name"),
                Arguments.of("A LIST \"\"", "A BAD Missing mailbox pattern"),
                Arguments.of("A LIST (RECURSIVEMATCH) \"\" *", "A BAD RECURSIVEMATCH needs another selection option"),
                Arguments.of("A LIST (FOO) \"\" *", "A BAD Unknown selection option: FOO"),
                Arguments.of("A LIST \"\" * RETURN (BAR)", "A BAD Unknown return option: BAR"),
                Arguments.of("A LIST \"\" ()", "A BAD Empty mailbox pattern list"),
                Arguments.of("A LSUB \"\"", "A BAD Missing mailbox pattern"),
                Arguments.of("A STATUS x ()", "A BAD Empty STATUS item list"),
                Arguments.of("A STATUS x (FOO)", "A BAD Unknown STATUS item: FOO"),
                Arguments.of("A STATUS x MESSAGES", "A BAD Invalid status items: expected a parenthesized list"),
                Arguments.of("A APPEND x (\\Seen)", "A BAD Missing message literal"),
                Arguments.of("A APPEND x \"bad date\" {1}\r\nx", "A BAD Invalid date-time: bad date"),
                Arguments.of("A APPEND x (\\Recent) {1}\r\nx", "A BAD Invalid system flag: \\Recent"),
                Arguments.of("A APPEND x hello", "A BAD Invalid message literal: expected a literal"),
                Arguments.of("A COPY 0 x", "A BAD Invalid sequence set: 0"),
                Arguments.of("A MOVE 1", "A BAD Missing mailbox name"),
                Arguments.of("A UID EXPUNGE", "A BAD Missing sequence set"),
                Arguments.of("A STORE 1 FLAGS", "A BAD Missing flags"),
                Arguments.of("A STORE 1 XFLAGS (\\Seen)", "A BAD Invalid store item: XFLAGS"),
                Arguments.of("A STORE 1 +FLAGS (\\Foo)", "A BAD Invalid system flag: \\Foo"),
                Arguments.of("A STORE 1 +FLAGS (a]b)", "A BAD Invalid keyword: a]b"),
                Arguments.of("A STORE 1 +FLAGS (\\Seen) extra", "A BAD Unexpected extra argument: extra"),
                Arguments.of("A STORE 1 (UNCHANGEDSINCE x) FLAGS ()",
                        "A BAD Invalid UNCHANGEDSINCE mod-sequence: expected a number, got x"),
                Arguments.of("A STORE 1 (FOO 1) FLAGS ()", "A BAD Unknown store modifier: FOO"),
                Arguments.of("A FETCH 1", "A BAD Missing fetch items"),
                Arguments.of("A FETCH 1 FOO", "A BAD Unknown fetch item: FOO"),
                Arguments.of("A FETCH 1 ()", "A BAD Empty fetch item list"),
                Arguments.of("A FETCH 1 (ALL)", "A BAD Unknown fetch item: ALL"),
                Arguments.of("A FETCH 1 (FLAGS \"UID\")", "A BAD Invalid fetch item: \"UID\""),
                Arguments.of("A FETCH 1 BODY[MIME]", "A BAD Invalid section: MIME needs a part number"),
                Arguments.of("A FETCH 1 BODY[0]", "A BAD Invalid section: part numbers start at 1"),
                Arguments.of("A FETCH 1 BODY[1.]", "A BAD Invalid section: 1."),
                Arguments.of("A FETCH 1 BODY[HEADER.FIELDS ()]", "A BAD Invalid section: empty header field list"),
                Arguments.of("A FETCH 1 BODY[HEADER.FIELDS From]",
                        "A BAD Invalid section: header field list must be parenthesized"),
                Arguments.of("A FETCH 1 BODY[FOO]", "A BAD Invalid section: FOO"),
                Arguments.of("A FETCH 1 BODY[]<5>", "A BAD Invalid partial range in BODY[]<5>"),
                Arguments.of("A FETCH 1 BODY[]<0.0>", "A BAD Invalid partial range in BODY[]<0.0>: length must not be 0"),
                Arguments.of("A FETCH 1 BINARY[HEADER]", "A BAD Invalid BINARY section: only part numbers are allowed"),
                Arguments.of("A FETCH 1 BINARY.SIZE[1]<0.5>", "A BAD BINARY.SIZE takes no partial range"),
                Arguments.of("A FETCH 1 FOO[1]", "A BAD Unknown fetch item: FOO[1]"),
                Arguments.of("A FETCH 1 FLAGS (VANISHED)", "A BAD VANISHED needs UID FETCH with CHANGEDSINCE"),
                Arguments.of("A UID FETCH 1 FLAGS (VANISHED)", "A BAD VANISHED needs UID FETCH with CHANGEDSINCE"),
                Arguments.of("A FETCH 1 FLAGS (FOO 1)", "A BAD Unknown fetch modifier: FOO"),
                Arguments.of("A FETCH x FLAGS", "A BAD Invalid sequence set: x"),
                Arguments.of("A SEARCH", "A BAD Missing search key"),
                Arguments.of("A SEARCH FOO", "A BAD Unknown search key: FOO"),
                Arguments.of("A SEARCH CHARSET KOI8-R ALL",
                        "A NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset KOI8-R"),
                Arguments.of("A SEARCH SINCE 31-Feb-2020", "A BAD Invalid date: 31-Feb-2020"),
                Arguments.of("A SEARCH LARGER x", "A BAD Invalid size: expected a number, got x"),
                Arguments.of("A SEARCH LARGER 4294967296", "A BAD Invalid size: number too large"),
                Arguments.of("A SEARCH OR SEEN", "A BAD Missing search key"),
                Arguments.of("A SEARCH ()", "A BAD Missing search key"),
                Arguments.of("A SEARCH RETURN (FOO) ALL", "A BAD Unknown RETURN option: FOO"),
                Arguments.of("A SEARCH MODSEQ \"/flags/x\" bogus 5", "A BAD Invalid MODSEQ entry type: bogus"),
                Arguments.of("A SEARCH OLDER 0", "A BAD Invalid interval: must not be 0"),
                Arguments.of("A SEARCH " + "NOT ".repeat(100) + "ALL", "A BAD Search criteria nested too deeply"),
                Arguments.of("A SEARCH KEYWORD \\Seen", "A BAD Invalid keyword: \\Seen"),
                Arguments.of("A SEARCH HEADER", "A BAD Missing header field name"),
                Arguments.of("A ENABLE", "A BAD Missing capability"),
                Arguments.of("A ID (\"a\")", "A BAD Missing ID value"),
                Arguments.of(manyIds.append(")").toString(), "A BAD Too many ID fields"),
                Arguments.of("A ID (\"" + "k".repeat(31) + "\" NIL)", "A BAD ID field or value too long"),
                Arguments.of("A ID foo", "A BAD Invalid ID parameter list: expected a parenthesized list"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refusesInvalidCommandsWithAClearResponse(String line, String expected) throws IOException {
        Request request = request(line, false);
        try {
            CommandRegistry.parse(request, ParseContext.DEFAULT);
            fail("parsed: " + line);
        } catch (CommandParseException e) {
            assertThat(new String(e.response("A").toByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected + "\r\n");
        } finally {
            request.close();
        }
    }

    @Test
    void parsesAppendWithFlagsDateAndLiteral() throws Exception {
        try (Request r = request("A APPEND saved-messages (\\Seen Work) \"05-Jul-1994 02:44:25 -0700\" {11}\r\n"
                + "Hello Joe\r\n", false)) {
            AppendCommand c = (AppendCommand) CommandRegistry.parse(r, ParseContext.DEFAULT);
            assertThat(c.mailbox()).isEqualTo("saved-messages");
            assertThat(c.messages()).hasSize(1);
            AppendCommand.Message m = c.messages().get(0);
            assertThat(m.flags()).isEqualTo(new Flags(Set.of(SystemFlag.SEEN), Set.of("Work")));
            assertThat(m.internalDate()).isEqualTo(OffsetDateTime.of(1994, 7, 5, 2, 44, 25, 0, ZoneOffset.ofHours(-7)));
            try (InputStream in = m.content().open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("Hello Joe\r\n");
            }
        }
    }

    @Test
    void parsesMultiappendAndBinaryLiterals() throws Exception {
        try (Request r = request("A APPEND INBOX {3+}\r\none (\\Draft) ~{4+}\r\nt\0wo", false)) {
            AppendCommand c = (AppendCommand) CommandRegistry.parse(r, ParseContext.DEFAULT);
            assertThat(c.messages()).hasSize(2);
            assertThat(c.messages().get(0).flags()).isEqualTo(Flags.NONE);
            assertThat(c.messages().get(0).internalDate()).isNull();
            assertThat(c.messages().get(0).content().binary()).isFalse();
            assertThat(c.messages().get(1).flags()).isEqualTo(Flags.of(SystemFlag.DRAFT));
            assertThat(c.messages().get(1).content().binary()).isTrue();
            assertThat(c.messages().get(1).content().size()).isEqualTo(4);
        }
    }

    @Test
    void readsMailboxNamesAsUtf8OnceEnabled() throws CommandParseException {
        assertThat(parse("A SELECT \"Entw\u00fcrfe\"", true)).isEqualTo(new SelectCommand("Entw\u00fcrfe", false, false,
                null));
        assertThat(parse("A SELECT Entw&APw-rfe", true)).isEqualTo(new SelectCommand("Entw&APw-rfe", false, false,
                null));
    }

    @Test
    void hidesThePasswordWhenLogged() throws CommandParseException {
        assertThat(parse("A LOGIN alice secret", false).toString()).doesNotContain("secret");
    }

    @Test
    void decodesSaslContinuationLines() throws CommandParseException {
        assertThat(AuthenticateCommand.decodeSasl("dGVzdA==")).isEqualTo("test".getBytes(StandardCharsets.US_ASCII));
        assertThat(AuthenticateCommand.decodeSasl("=")).isEmpty();
        assertThatThrownBy(() -> AuthenticateCommand.decodeSasl("*")).isInstanceOf(CommandParseException.class);
    }

    @Test
    void namesSectionsAsTheResponseWritesThem() throws CommandParseException {
        assertThat(Section.parse("1.2.header.fields (From To)").toString()).isEqualTo("1.2.HEADER.FIELDS (From To)");
        assertThat(new BodySection(true, Section.parse(""), new FetchItem.Partial(5, 10)).responseName())
                .isEqualTo("BODY[]<5>");
        assertThat(new FetchItem.BinarySize(List.of(1, 2)).responseName()).isEqualTo("BINARY.SIZE[1.2]");
    }

    @ParameterizedTest
    @EnumSource(Name.class)
    void everyArgumentlessCommandIsInTheTable(Name name) {
        assertThat(CommandRegistry.isKnown(name.name())).isTrue();
    }
}
