package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Corners of matching, addresses, encodings and comparators where implementations tend to differ. */
@Timeout(10)
class EdgeCasesTest {
    @TempDir
    Path dir;

    static final String TRICKY = """
            From: "Last, First" <first.last@Example.ORG> (work)
            To: undisclosed-recipients:;
            Cc: group: a@x.org, "b c" <b@x.org>;, plain@y.org
            Subject: =?ISO-8859-1?Q?caf=E9?= =?UTF-8?B?IOKCrA==?= * star ? mark \\ slash
            X-Num: 10
            X-Num: 9
            X-Num: abc
            X-Empty:
            Content-Type: text/html; charset=utf-8

            <p>Hello <b>world</b></p>
            """;

    static Stream<Case> cases() {
        return Stream.of(
                Case.msg("glob ? matches one multibyte character", "if header :matches \"Subject\" \"caf? *\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("escaped * in a glob is literal", "if header :matches \"Subject\" \"*\\\\* star*\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("escaped ? in a glob is literal", "if header :matches \"Subject\" \"*\\\\? mark*\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("escaped backslash in a glob", "if header :matches \"Subject\" \"*\\\\\\\\ slash\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("encoded words of two charsets join", "if header :is \"Subject\" \"caf\u00e9 \u20ac * star ? mark \\\\ slash\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("address domain comparison is case-insensitive", "if address :domain :is \"From\" \"example.org\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("address :localpart keeps its case under i;octet",
                        "if address :localpart :comparator \"i;octet\" :is \"From\" \"first.last\" { discard; }", TRICKY, "discard"),
                Case.msg("display name and comment are not the address", "if address :contains \"From\" [\"work\", \"First,\"] { discard; }",
                        TRICKY, "keep"),
                Case.msg("group members are addresses", "if address :is \"Cc\" \"b@x.org\" { discard; }", TRICKY, "discard"),
                Case.msg("address :count over a group", "require [\"relational\", \"comparator-i;ascii-numeric\"];"
                        + " if address :count \"eq\" :comparator \"i;ascii-numeric\" \"Cc\" \"3\" { discard; }", TRICKY, "discard"),
                Case.msg("a header without any address is seen raw by :all (as Pigeonhole)",
                        "if address :is \"To\" \"undisclosed-recipients:;\" { discard; }", TRICKY, "discard"),
                Case.msg("a header without any address has no domain", "if address :domain :matches \"To\" \"*\" { discard; }",
                        TRICKY, "keep"),
                Case.msg("header of empty value exists and is empty", "if header :is \"X-Empty\" \"\" { discard; }", TRICKY, "discard"),
                Case.msg("ascii-numeric: 10 > 9", "require [\"relational\", \"comparator-i;ascii-numeric\"];"
                        + " if header :value \"gt\" :comparator \"i;ascii-numeric\" \"X-Num\" \"9\" { discard; }", TRICKY, "discard"),
                Case.msg("ascii-numeric: non-numbers are greater than any number",
                        "require [\"relational\", \"comparator-i;ascii-numeric\"];"
                                + " if header :value \"gt\" :comparator \"i;ascii-numeric\" \"X-Num\" \"99999\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("ascii-casemap :value is lexical: 10 < 9", "require \"relational\";"
                        + " if header :value \"lt\" \"X-Num\" \"11\" { discard; }", TRICKY, "discard"),
                Case.msg("header :count counts every occurrence", "require [\"relational\", \"comparator-i;ascii-numeric\"];"
                        + " if header :count \"eq\" :comparator \"i;ascii-numeric\" [\"X-Num\", \"X-Empty\"] \"4\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("envelope :count", "require [\"envelope\", \"relational\", \"comparator-i;ascii-numeric\"];"
                        + " if envelope :count \"eq\" :comparator \"i;ascii-numeric\" [\"to\", \"from\"] \"2\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("body of html part as text", "require \"body\"; if body :text :contains \"Hello world\" { discard; }",
                        TRICKY, "discard"),
                Case.msg("body :text drops html markup", "require \"body\"; if body :text :contains \"<b>\" { discard; }", TRICKY,
                        "keep"),
                Case.msg("body :content text/html keeps the markup", "require \"body\";"
                        + " if body :content \"text/html\" :contains \"<b>\" { discard; }", TRICKY, "discard"),
                Case.msg("header names can come from variables", "require [\"variables\"]; set \"h\" \"x-num\";"
                        + " if header :is \"${h}\" \"abc\" { discard; }", TRICKY, "discard"),
                Case.msg("match variables survive a failing later test", "require [\"variables\", \"fileinto\"];"
                        + " if header :matches \"X-Num\" \"1*\" { } if header :matches \"X-Num\" \"zzz*\" { }"
                        + " fileinto \"m${1}\";", TRICKY, "fileinto:m0"),
                Case.msg("match variables beyond the wildcards are empty", "require [\"variables\", \"fileinto\"];"
                        + " if header :matches \"X-Num\" \"?*\" { fileinto \"${1}.${2}.${3}.${9}\"; }", TRICKY, "fileinto:1.0.."),
                Case.msg(":contains with empty key on an empty header", "if header :contains \"X-Empty\" \"\" { discard; }", TRICKY,
                        "discard"),
                Case.msg("exists is case-insensitive in the field name", "if exists \"x-EMPTY\" { discard; }", TRICKY, "discard"),
                Case.msg("numbers with quantifiers", "if size :under 1k { discard; }", TRICKY, "discard"),
                Case.msg("string list with one element is a string list", "if header :is [\"X-Num\"] [\"9\"] { discard; }", TRICKY,
                        "discard"),
                Case.msg("tags are case-insensitive", "if header :CONTAINS \"Subject\" \"STAR\" { discard; }", TRICKY, "discard"),
                Case.msg("command names are case-insensitive", "IF TRUE { DISCARD; }", TRICKY, "discard"),
                Case.msg("imap4flags on keep :flags replaces the internal flags for that keep only",
                        "require \"imap4flags\"; addflag \"a\"; keep :flags \"b\";", TRICKY, "keep[b]"),
                Case.msg("removeflag of the last flag leaves none", "require \"imap4flags\"; addflag \"a\"; removeflag \"A\";",
                        TRICKY, "keep"),
                new Case("envelope from of a bounce is empty", "require \"envelope\"; if envelope :is \"from\" \"\" { discard; }",
                        TRICKY, new Envelope("", "bob@example.com", null), List.of("discard")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void edgeCaseBehavesLikeTheReference(Case c) {
        assertThat(new Harness(dir).actions(c.script(), c.message(), c.envelope())).isEqualTo(c.expected());
    }
}
