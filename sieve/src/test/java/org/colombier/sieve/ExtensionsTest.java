package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One table per extension: script + message + envelope gives these delivery actions. */
@Timeout(10)
class ExtensionsTest {
    @TempDir
    Path dir;

    static final String MULTIPART = """
            From: alice@example.org
            To: bob@example.com
            Subject: parts
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            preamble
            --b1
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Caf=E9 au lait at noon
            --b1
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: base64

            PGI+U2VjcmV0IHBsYW48L2I+
            --b1--
            """;
    static final String REPEATED = """
            Received: from a by b; Thu, 14 Mar 2024 10:00:00 +0000
            Received: from c by d; Wed, 13 Mar 2023 09:00:00 +0000
            X-H: a
            X-H: b
            X-H: c
            From: x@example.org
            To: bob@example.com

            body
            """;

    static Stream<Case> fileintoCopyMailbox() {
        return Stream.of(
                Case.of("fileinto :copy keeps the implicit keep", "require [\"fileinto\", \"copy\"]; fileinto :copy \"A\";",
                        "fileinto:A:copy", "keep"),
                Case.of("redirect :copy keeps the implicit keep", "require \"copy\"; redirect :copy \"x@example.net\";",
                        "redirect:x@example.net:copy", "keep"),
                Case.of("fileinto :create", "require [\"fileinto\", \"mailbox\"]; fileinto :create \"New\";",
                        "fileinto:New:create"),
                Case.of("mailboxexists true", "require \"mailbox\"; if mailboxexists \"Existing\" { discard; }", "discard"),
                Case.of("mailboxexists needs all", "require \"mailbox\"; if mailboxexists [\"Existing\", \"Nope\"] { discard; }",
                        "keep"),
                Case.of("reject", "require \"reject\"; reject \"go away\";", "reject:go away"),
                Case.of("ereject", "require \"ereject\"; ereject \"no such user\";", "ereject:no such user"),
                Case.of("encoded-character hex and unicode",
                        "require [\"encoded-character\", \"fileinto\"]; fileinto \"${hex:41 42}-${unicode:263a}-${hex:C3 A9}\";",
                        "fileinto:AB-\u263a-\u00e9"));
    }

    static Stream<Case> imap4flags() {
        return Stream.of(
                Case.of("setflag then addflag feeds the implicit keep",
                        "require \"imap4flags\"; setflag \"\\\\Seen\"; addflag [\"\\\\Flagged\", \"\\\\seen\"];",
                        "keep[\\Seen, \\Flagged]"),
                Case.of("flags are captured per action and :flags overrides",
                        "require [\"imap4flags\", \"fileinto\"]; addflag \"$Work\"; fileinto \"A\"; removeflag \"$work\";"
                                + " fileinto :flags \"x y\" \"B\"; keep;",
                        "fileinto:A[$Work]", "fileinto:B[x, y]", "keep"),
                Case.of("hasflag on the internal variable",
                        "require \"imap4flags\"; addflag \"\\\\Answered\"; if hasflag :is \"\\\\answered\" { discard; }", "discard"),
                Case.of("flag variables",
                        "require [\"imap4flags\", \"variables\"]; addflag \"myflags\" \"A B\"; removeflag \"myflags\" \"a\";"
                                + " if hasflag \"myflags\" \"b\" { if not hasflag \"myflags\" \"a\" { discard; } }", "discard"),
                Case.of("RFC 5232 example: flag mail from the boss",
                        "require [\"imap4flags\", \"fileinto\", \"variables\"];\n"
                                + "if header :contains \"from\" \"alice@example.org\" {\n"
                                + "  setflag \"flagvar\" \"\\\\Flagged\";\n"
                                + "  fileinto :flags \"${flagvar}\" \"INBOX.From Boss\";\n}",
                        "fileinto:INBOX.From Boss[\\Flagged]"));
    }

    static Stream<Case> variables() {
        return Stream.of(
                Case.of("RFC 5229: match variables from :matches (first * is shortest)",
                        "require [\"variables\", \"fileinto\"];\nif header :matches \"Subject\" \"[*] *\" {"
                                + " fileinto \"lists.${1}\"; fileinto \"rest.${2}\"; }",
                        "fileinto:lists.acme-users", "fileinto:rest.[fwd] version 1.0 is out"),
                Case.of("RFC 5229 List-ID example", "require [\"variables\", \"fileinto\"];\n"
                        + "if header :matches \"To\" \"*<*@*\" { fileinto \"INBOX.lists.${2}\"; stop; }",
                        "fileinto:INBOX.lists.bob"),
                Case.of("${0} is the whole match", "require [\"variables\", \"fileinto\"];"
                        + " if address :matches \"From\" \"*@*.org\" { fileinto \"${0}|${1}|${2}|${3}\"; }",
                        "fileinto:alice@example.org|alice|example|"),
                Case.of("set modifiers", "require [\"variables\", \"fileinto\"];\n"
                        + "set :upper \"a\" \"hello\"; set :lowerfirst \"b\" \"HELLO\"; set :length \"c\" \"h\u00e9llo\";\n"
                        + "set :quotewildcard \"d\" \"a*b?\"; set :upperfirst :lower \"e\" \"wORLD\";\n"
                        + "fileinto \"${a}-${b}-${c}-${d}-${e}\";",
                        "fileinto:HELLO-hELLO-5-a\\*b\\?-World"),
                Case.of("variable names are case-insensitive; unknown is empty; invalid stays verbatim",
                        "require [\"variables\", \"fileinto\"]; set \"Name\" \"x\"; fileinto \"${NAME}${nope}${a-b}\";",
                        "fileinto:x${a-b}"),
                Case.of("RFC 5229 multi-line template", "require [\"variables\", \"reject\"];\n"
                        + "set \"honorific\" \"Mr\";\nset \"first_name\" \"Wile\";\nset \"last_name\" \"Coyote\";\n"
                        + "set \"vacation\" text:\nDear ${HONORIFIC} ${last_name},\nI'm out.\n.\n;\nreject \"${vacation}\";",
                        "reject:Dear Mr Coyote,\r\nI'm out.\r\n"),
                Case.of("string test", "require \"variables\"; set \"x\" \"abc\"; if string :is \"${x}\" \"abc\" { discard; }",
                        "discard"),
                Case.of("string test compares octets by default (as Pigeonhole)",
                        "require \"variables\"; if string :is \"abc\" \"ABC\" { discard; }", "keep"),
                Case.of("string test with i;ascii-casemap", "require \"variables\";"
                        + " if string :is :comparator \"i;ascii-casemap\" \"abc\" \"ABC\" { discard; }", "discard"),
                Case.of("string :count counts non-empty strings",
                        "require [\"variables\", \"relational\", \"comparator-i;ascii-numeric\"];"
                                + " if string :count \"eq\" :comparator \"i;ascii-numeric\" [\"a\", \"\", \"b\"] \"2\" { discard; }",
                        "discard"),
                Case.of("quotewildcard makes a value safe in :matches",
                        "require \"variables\"; set :quotewildcard \"q\" \"*\"; if header :matches \"Subject\" \"${q}\" { discard; }",
                        "keep"));
    }

    static Stream<Case> relational() {
        return Stream.of(
                Case.of("RFC 5231: address :count over To and Cc",
                        "require [\"relational\", \"comparator-i;ascii-numeric\"];"
                                + " if address :count \"ge\" :comparator \"i;ascii-numeric\" [\"to\", \"cc\"] [\"3\"] { discard; }",
                        "discard"),
                Case.msg("header :count counts fields", "require [\"relational\", \"comparator-i;ascii-numeric\"];"
                        + " if header :count \"eq\" :comparator \"i;ascii-numeric\" \"X-H\" \"3\" { discard; }",
                        REPEATED, "discard"),
                Case.of(":value lt numeric", "require [\"relational\", \"comparator-i;ascii-numeric\"];"
                        + " if header :value \"lt\" :comparator \"i;ascii-numeric\" \"X-Spam-Score\" \"7\" { discard; }", "discard"),
                Case.of(":value gt casemap is lexical", "require \"relational\";"
                        + " if header :value \"gt\" \"Subject\" \"[a\" { discard; }", "discard"),
                Case.of(":count ne", "require [\"relational\", \"comparator-i;ascii-numeric\"];"
                        + " if header :count \"ne\" :comparator \"i;ascii-numeric\" \"Subject\" \"1\" { discard; }", "keep"));
    }

    static Stream<Case> body() {
        return Stream.of(
                Case.of("body :contains on the text", "require \"body\"; if body :contains \"make money\" { discard; }", "discard"),
                Case.msg("body :text decodes quoted-printable and charset", "require \"body\";"
                        + " if body :text :contains \"Caf\u00e9 au lait\" { discard; }", MULTIPART, "discard"),
                Case.msg("body :content text/html decodes base64", "require \"body\";"
                        + " if body :content \"text/html\" :contains \"Secret plan\" { discard; }", MULTIPART, "discard"),
                Case.msg("body :content text/plain does not see html", "require \"body\";"
                        + " if body :content \"text/plain\" :contains \"Secret\" { discard; }", MULTIPART, "keep"),
                Case.msg("body :raw sees the undecoded body", "require \"body\";"
                        + " if body :raw :contains \"PGI+U2VjcmV0\" { discard; }", MULTIPART, "discard"),
                Case.msg("body :raw does not see decoded text", "require \"body\";"
                        + " if body :raw :contains \"Secret plan\" { discard; }", MULTIPART, "keep"));
    }

    static Stream<Case> regex() {
        return Stream.of(
                Case.of("regex search", "require \"regex\"; if header :regex \"Subject\" \"version [0-9]+\\\\.[0-9]+\" { discard; }",
                        "discard"),
                Case.of("regex groups become match variables", "require [\"regex\", \"variables\", \"fileinto\"];"
                        + " if header :regex \"Subject\" \"^\\\\[([a-z-]+)\\\\]\" { fileinto \"${1}\"; }", "fileinto:acme-users"),
                Case.of("regex is case-insensitive under i;ascii-casemap",
                        "require \"regex\"; if header :regex \"Subject\" \"ACME\" { discard; }", "discard"),
                Case.of("regex under i;octet is case-sensitive",
                        "require \"regex\"; if header :regex :comparator \"i;octet\" \"Subject\" \"ACME\" { discard; }", "keep"));
    }

    static Stream<Case> dateAndIndex() {
        return Stream.of(
                Case.of("date :originalzone keeps the header's zone", "require [\"date\", \"relational\"];"
                        + " if date :value \"ge\" :originalzone \"date\" \"hour\" \"14\" { discard; }", "discard"),
                Case.of("date :zone converts", "require \"date\"; if date :is :zone \"+0000\" \"date\" \"time\" \"19:30:00\" { discard; }",
                        "discard"),
                Case.of("date without zone uses the local zone (+0100)",
                        "require \"date\"; if date :is \"date\" \"iso8601\" \"2024-03-14T20:30:00+01:00\" { discard; }", "discard"),
                Case.of("date parts", "require [\"date\", \"variables\", \"fileinto\"];"
                        + " if date :matches :originalzone \"date\" \"std11\" \"*\" { set \"s\" \"${0}\"; }"
                        + " if date :matches :originalzone \"date\" \"weekday\" \"*\" { set \"w\" \"${0}\"; }"
                        + " if date :matches :originalzone \"date\" \"julian\" \"*\" { set \"j\" \"${0}\"; }"
                        + " if date :matches :originalzone \"date\" \"zone\" \"*\" { set \"z\" \"${0}\"; }"
                        + " fileinto \"${s}|${w}|${j}|${z}\";",
                        "fileinto:Thu, 14 Mar 2024 14:30:00 -0500|4|60383|-0500"),
                Case.of("currentdate in the local zone", "require \"date\"; if currentdate :is \"date\" \"2024-03-14\" { discard; }",
                        "discard"),
                Case.of("currentdate :zone", "require \"date\"; if currentdate :zone \"+1200\" \"date\" \"2024-03-15\" { discard; }",
                        "discard"),
                Case.of("date from Received uses the part after ';'",
                        "require \"date\"; if date :is :zone \"+0000\" \"received\" \"date\" \"2024-03-14\" { discard; }", "discard"),
                Case.msg("index selects the second occurrence",
                        "require \"index\"; if header :index 2 :is \"X-H\" \"b\" { discard; }", REPEATED, "discard"),
                Case.msg("index :last counts from the end",
                        "require \"index\"; if header :index 1 :last :is \"X-H\" \"c\" { discard; }", REPEATED, "discard"),
                Case.msg("date with :index :last reads the oldest Received",
                        "require [\"date\", \"index\"]; if date :index 1 :last \"received\" \"year\" \"2023\" { discard; }",
                        REPEATED, "discard"));
    }

    static Stream<Case> subaddress() {
        return Stream.of(
                Case.of("envelope :detail", "require [\"envelope\", \"subaddress\"]; if envelope :detail \"to\" \"sieve\" { discard; }",
                        "discard"),
                Case.of("envelope :user", "require [\"envelope\", \"subaddress\"]; if envelope :user \"to\" \"bob\" { discard; }",
                        "discard"),
                Case.of("address :detail", "require \"subaddress\"; if address :detail \"To\" \"lists\" { discard; }", "discard"),
                Case.of(":detail does not match without a delimiter (RFC 5233)",
                        "require \"subaddress\"; if address :detail :matches \"From\" \"*\" { discard; }", "keep"));
    }

    static Stream<Case> editheaderEnvironmentIhaveNotify() {
        return Stream.of(
                Case.of("addheader is visible to later tests", "require \"editheader\"; addheader \"X-Sieve\" \"yes\";"
                        + " if header :is \"X-Sieve\" \"yes\" { discard; }", "addheader:X-Sieve", "discard"),
                Case.of("deleteheader removes it", "require \"editheader\"; deleteheader \"Cc\"; if not exists \"Cc\" { discard; }",
                        "deleteheader:Cc", "discard"),
                Case.of("deleteheader with value pattern", "require \"editheader\"; deleteheader :contains \"X-Spam-Score\" \"9\";"
                        + " if exists \"X-Spam-Score\" { discard; }", "discard"),
                Case.of("Received is protected", "require [\"editheader\", \"relational\", \"comparator-i;ascii-numeric\"];"
                        + " deleteheader \"Received\"; addheader \"Received\" \"x\";"
                        + " if header :count \"eq\" :comparator \"i;ascii-numeric\" \"Received\" \"1\" { discard; }",
                        "discard"),
                Case.of("environment domain", "require \"environment\"; if environment :is \"domain\" \"example.com\" { discard; }",
                        "discard"),
                Case.of("environment name default", "require \"environment\"; if environment :contains \"name\" \"colombier\" { discard; }",
                        "discard"),
                Case.of("environment unknown item fails", "require \"environment\"; if environment :matches \"vnd.nope\" \"*\" { discard; }",
                        "keep"),
                Case.of("ihave enables the extension for its block",
                        "require \"ihave\"; if ihave \"fileinto\" { fileinto \"X\"; }", "fileinto:X"),
                Case.of("ihave of an unknown extension takes the else branch",
                        "require \"ihave\"; if ihave \"x-unknown\" { x_cmd :weird; } else { discard; }", "discard"),
                Case.of("notify mailto", "require \"enotify\"; notify :importance \"1\" :message \"hi\" \"mailto:alice@example.org\";",
                        "notify:mailto:alice@example.org", "keep"),
                Case.of("valid_notify_method", "require \"enotify\"; if allof (valid_notify_method \"mailto:a@example.org\","
                        + " not valid_notify_method \"xmpp:a@example.org\", not valid_notify_method \"mailto:%zz@example.org\")"
                        + " { discard; }", "discard"),
                Case.of("notify_method_capability online is maybe", "require \"enotify\";"
                        + " if notify_method_capability \"mailto:a@example.org\" \"online\" \"maybe\" { discard; }", "discard"),
                Case.of("RFC 5435 :encodeurl", "require [\"enotify\", \"variables\"]; set :encodeurl \"s\" \"a b&c\";"
                        + " notify \"mailto:a@example.org?subject=${s}\";", "notify:mailto:a@example.org?subject=a%20b%26c", "keep"));
    }

    static Stream<Case> all() {
        return Stream.of(fileintoCopyMailbox(), imap4flags(), variables(), relational(), body(), regex(), dateAndIndex(),
                subaddress(), editheaderEnvironmentIhaveNotify()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void scriptProducesExpectedActions(Case c) {
        assertThat(new Harness(dir).actions(c.script(), c.message(), c.envelope())).isEqualTo(c.expected());
    }

    @Test
    void subaddressUsesTheConfiguredRecipientDelimiter() {
        Harness h = new Harness(dir);
        h.settings = h.settings.withRecipientDelimiter("-+");
        String script = "require [\"envelope\", \"subaddress\", \"fileinto\", \"variables\"];"
                + " if envelope :detail :matches \"to\" \"*\" { fileinto \"${1}\"; }";
        assertThat(h.actions(script, Case.DEFAULT_MESSAGE, new Envelope("a@b.c", "bob-x+y@example.com", null)))
                .containsExactly("fileinto:x+y");
    }

    @Test
    void editedHeaderIsReturnedForStorage() {
        SieveResult r = new Harness(dir).run("require \"editheader\"; addheader :last \"X-A\" \"1\"; addheader \"X-B\" \"2\";"
                + " deleteheader :index 1 \"X-H\";", ExtensionsTest.REPEATED, Case.DEFAULT_ENVELOPE);
        assertThat(r.headersEdited()).isTrue();
        assertThat(r.headers().get(0).name()).isEqualTo("X-B");
        assertThat(r.headers().get(r.headers().size() - 1).name()).isEqualTo("X-A");
        assertThat(r.headers().stream().filter(f -> f.name().equals("X-H")).map(f -> f.value()).toList())
                .isEqualTo(List.of("b", "c"));
    }

    @Test
    void spamtestAndVirustestReadTheConfiguredHeaders() {
        Harness h = new Harness(dir);
        h.settings = h.settings.withScoreTests(
                new SieveSettings.ScoreTestSettings("X-Spam-Score", "([0-9.]+)", "score", 10, List.of()),
                new SieveSettings.ScoreTestSettings("X-Virus", null, "text", 0,
                        List.of("none", "clean", "maybe", "likely", "very likely", "infected")));
        String spam = "require [\"spamtestplus\", \"relational\", \"comparator-i;ascii-numeric\", \"fileinto\"];"
                + " if spamtest :value \"ge\" :comparator \"i;ascii-numeric\" \"7\" { fileinto \"Junk7\"; }"
                + " if spamtest :percent :is \"65\" { fileinto \"Pct65\"; }";
        assertThat(h.actions(spam, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("fileinto:Junk7", "fileinto:Pct65");
        String virus = "require [\"virustest\", \"fileinto\"]; if virustest :is \"0\" { fileinto \"untested\"; }"
                + " if virustest :is \"5\" { fileinto \"infected\"; }";
        assertThat(h.actions(virus, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("fileinto:untested");
        assertThat(h.actions(virus, "X-Virus: infected\nFrom: a@b.c\n\nx\n", Case.DEFAULT_ENVELOPE)).containsExactly("fileinto:infected");
    }
}
