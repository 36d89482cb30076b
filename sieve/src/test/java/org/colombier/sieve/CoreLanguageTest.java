package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 5228: control, tests, actions, comparators and match types, implicit keep. */
@Timeout(10)
class CoreLanguageTest {
    @TempDir
    Path dir;

    static final String RFC5228_EXAMPLE = """
            # Example Sieve Filter
            # Declare any optional features or extension used by the script
            require ["fileinto"];

            # Handle messages from known mailing lists
            # Move messages from IETF filter discussion list to filter mailbox
            if header :is "Sender" "owner-ietf-mta-filters@imc.org"
                    {
                    fileinto "filter";  # move to "filter" mailbox
                    }
            #
            # Keep all messages to or from people in my company
            #
            elsif address :DOMAIN :is ["From", "To"] "example.com"
                    {
                    keep;               # keep in "In" mailbox
                    }

            #
            # Try and catch unsolicited email.  If a message is not to me,
            # or it contains a subject known to be spam, file it away.
            #
            elsif anyof (NOT address :all :contains
                           ["To", "Cc", "Bcc"] "me@example.com",
                         header :matches "subject"
                           ["*make*money*fast*", "*university*dipl*mas*"])
                    {
                    fileinto "spam";   # move to "spam" mailbox
                    }
            else
                    {
                    # Move all other (non-company) mail to "personal"
                    # mailbox.
                    fileinto "personal";
                    }
            """;

    static Stream<Case> cases() {
        String ietf = "Sender: owner-ietf-mta-filters@imc.org\nFrom: x@imc.org\nTo: me@example.com\nSubject: hi\n\nbody\n";
        String company = "From: boss@example.com\nTo: me@elsewhere.org\nSubject: hi\n\nbody\n";
        String notToMe = "From: a@b.org\nTo: other@elsewhere.org\nSubject: hi\n\nbody\n";
        String spam = "From: a@b.org\nTo: friends@lists.org\nCc: me@example.com\nSubject: Make lots of MONEY fast\n\nbody\n";
        String personal = "From: a@b.org\nTo: friends@lists.org\nBcc: me@example.com\nSubject: lunch?\n\nbody\n";
        return Stream.of(
                Case.of("empty script keeps", "", "keep"),
                Case.of("comments and hash-bang only keep", "#!/usr/bin/sieve\n/* nothing\n here */\n# done\n", "keep"),
                Case.msg("RFC 5228 example: mailing list", RFC5228_EXAMPLE, ietf, "fileinto:filter"),
                Case.msg("RFC 5228 example: company", RFC5228_EXAMPLE, company, "keep"),
                Case.msg("RFC 5228 example: not to me", RFC5228_EXAMPLE, notToMe, "fileinto:spam"),
                Case.msg("RFC 5228 example: spam subject", RFC5228_EXAMPLE, spam, "fileinto:spam"),
                Case.msg("RFC 5228 example: personal", RFC5228_EXAMPLE, personal, "fileinto:personal"),
                Case.of("explicit keep cancels implicit keep once", "keep;", "keep"),
                Case.of("discard cancels implicit keep", "discard;", "discard"),
                Case.of("stop ends the script with implicit keep", "stop; discard;", "keep"),
                Case.of("fileinto cancels implicit keep", "require \"fileinto\"; fileinto \"Foo\";", "fileinto:Foo"),
                Case.of("fileinto the same mailbox twice files once",
                        "require \"fileinto\"; fileinto \"Foo\"; fileinto \"Foo\";", "fileinto:Foo"),
                Case.of("keep twice stores once", "keep; keep;", "keep"),
                Case.of("fileinto INBOX and keep store once", "require \"fileinto\"; fileinto \"inbox\"; keep;", "fileinto:inbox"),
                Case.of("the later store's flags win", "require [\"fileinto\", \"imap4flags\"];"
                        + " fileinto :flags \"a\" \"X\"; fileinto :flags \"b\" \"X\";", "fileinto:X[b]"),
                Case.of("a duplicate fileinto does not cancel the implicit keep (as Pigeonhole)",
                        "require [\"fileinto\", \"copy\"]; fileinto :copy \"X\"; fileinto \"X\";", "fileinto:X:copy", "keep"),
                Case.of("redirect", "redirect \"carol@example.net\";", "redirect:carol@example.net"),
                Case.of("redirect twice to one address sends once",
                        "redirect \"carol@example.net\"; redirect \"carol@EXAMPLE.net\";", "redirect:carol@example.net"),
                Case.of("redirect local parts are case-sensitive",
                        "redirect \"carol@example.net\"; redirect \"Carol@example.net\";",
                        "redirect:carol@example.net", "redirect:Carol@example.net"),
                Case.of("redirect then keep", "redirect \"carol@example.net\"; keep;", "redirect:carol@example.net", "keep"),
                Case.of("header :is is case-insensitive by default",
                        "if header :is \"subject\" \"[ACME-USERS] [FWD] VERSION 1.0 IS OUT\" { discard; }", "discard"),
                Case.of("header :is with i;octet is case-sensitive",
                        "if header :comparator \"i;octet\" :is \"subject\" \"[ACME-USERS] [FWD] VERSION 1.0 IS OUT\" { discard; }",
                        "keep"),
                Case.of("header :contains", "if header :contains [\"X-Nope\", \"Subject\"] \"version\" { discard; }", "discard"),
                Case.of("header :matches with * and ?", "if header :matches \"Subject\" \"[acme-us?rs]*1.?*\" { discard; }", "discard"),
                Case.of("header :matches with escaped wildcard does not match literally",
                        "if header :matches \"Subject\" \"\\\\*acme*\" { discard; }", "keep"),
                Case.of("absent header never matches", "if header :contains \"X-Absent\" \"\" { discard; }", "keep"),
                Case.of("header :contains empty key matches an existing header",
                        "if header :contains \"Subject\" \"\" { discard; }", "discard"),
                Case.of("address :localpart", "if address :localpart \"From\" \"alice\" { discard; }", "discard"),
                Case.of("address :domain over a list header",
                        "if address :domain :is \"Cc\" \"example.net\" { discard; }", "discard"),
                Case.of("address :all ignores display name and quoted comma",
                        "if address :all :is \"Cc\" \"dave@example.net\" { discard; }", "discard"),
                Case.of("address default part is :all", "if address \"To\" \"carol+lists@example.com\" { discard; }", "discard"),
                Case.of("envelope from", "require \"envelope\"; if envelope :is \"from\" \"alice@example.org\" { discard; }", "discard"),
                Case.of("envelope to :localpart", "require \"envelope\"; if envelope :localpart :is \"to\" \"bob+sieve\" { discard; }", "discard"),
                Case.of("envelope to :domain", "require \"envelope\"; if envelope :domain :is \"to\" \"EXAMPLE.com\" { discard; }", "discard"),
                Case.of("exists all of them", "if exists [\"From\", \"Date\"] { discard; }", "discard"),
                Case.of("exists fails when one is missing", "if exists [\"From\", \"X-Nope\"] { discard; }", "keep"),
                Case.of("size :over", "if size :over 100 { discard; }", "discard"),
                Case.of("size :under", "if size :under 100 { discard; }", "keep"),
                Case.of("size :over with M", "if size :over 1M { discard; }", "keep"),
                Case.of("allof", "if allof (true, exists \"From\") { discard; }", "discard"),
                Case.of("allof fails on one false", "if allof (true, false) { discard; }", "keep"),
                Case.of("anyof", "if anyof (false, true) { discard; }", "discard"),
                Case.of("not", "if not false { discard; }", "discard"),
                Case.of("elsif chain takes the first true branch",
                        "if false { keep; } elsif true { discard; } elsif true { keep; } else { keep; }", "discard"),
                Case.of("else runs when nothing matched",
                        "require \"fileinto\"; if false { keep; } elsif false { keep; } else { fileinto \"E\"; }", "fileinto:E"),
                Case.of("nested blocks", "if true { if true { if not false { discard; } } }", "discard"),
                Case.of("i;ascii-numeric comparator",
                        "require [\"relational\", \"comparator-i;ascii-numeric\"];"
                                + " if header :value \"gt\" :comparator \"i;ascii-numeric\" \"X-Spam-Score\" \"5\" { discard; }", "discard"),
                Case.of("i;ascii-numeric equality of non-numbers (both infinity)",
                        "require \"comparator-i;ascii-numeric\";"
                                + " if header :is :comparator \"i;ascii-numeric\" \"From\" \"abc\" { discard; }", "discard"),
                Case.of("multi-line string with dot-stuffing",
                        "require \"reject\";\nreject text:\nline one\n..dot\n.\n;", "reject:line one\r\n.dot\r\n"),
                Case.msg("RFC 2047 encoded subject is decoded for tests",
                        "if header :contains \"Subject\" \"Grüße\" { discard; }",
                        "From: a@b.c\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?B?S/Zsbg==?=\n\nx\n", "discard"),
                Case.msg("RFC 2047 adjacent encoded words join",
                        "if header :is \"Subject\" \"ab\" { discard; }",
                        "From: a@b.c\nSubject: =?UTF-8?Q?a?= =?UTF-8?Q?b?=\n\nx\n", "discard"),
                Case.msg("folded header is unfolded", "if header :is \"Subject\" \"one two\" { discard; }",
                        "From: a@b.c\nSubject: one\n two\n\nx\n", "discard"),
                Case.of("size :under with K", "if size :under 1K { discard; }", "discard"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scriptProducesExpectedActions(Case c) {
        assertThat(new Harness(dir).actions(c.script(), c.message(), c.envelope())).isEqualTo(c.expected());
    }
}
