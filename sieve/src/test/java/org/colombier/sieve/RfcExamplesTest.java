package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example scripts of the extension RFCs, run against messages that exercise each branch. */
@Timeout(10)
class RfcExamplesTest {
    @TempDir
    Path dir;

    static final String REJECT_5429 = """
            require ["reject"];

            if size :over 100K {
                reject text:
            Your message is too big.  If you want to send me a big
            attachment, put it on a public web site and send me a URL.
            .
            ;
            }
            """;
    static final String VACATION_5230 = """
            require "vacation";
            if header :contains "subject" "cyrus" {
                vacation "I'm out -- send mail to cyrus-bugs";
            } else {
                vacation "I'm out -- call me at +1 304 555 0123";
            }
            """;
    static final String RELATIONAL_5231 = """
            require ["relational", "comparator-i;ascii-numeric", "fileinto"];

            if header :value "lt" :comparator "i;ascii-numeric"
                      ["x-priority"] ["3"]
            {
               fileinto "Priority";
            }

            elsif address :count "gt" :comparator "i;ascii-numeric"
                          ["to"] ["5"]
            {
               # everything with more than 5 recipients in the "to" field
               # is considered SPAM
               fileinto "SPAM";
            }

            elsif address :value "gt" :all :comparator "i;ascii-casemap"
                          ["from"] ["M"]
            {
               fileinto "From N-Z";
            } else {
               fileinto "From A-M";
            }
            """;
    static final String BODY_5173 = """
            require ["body", "fileinto"];

            # Save any message with any text MIME part that contains the
            # words "missile" or "coordinates" in the "secrets" folder.

            if body :content "text" :contains ["missile", "coordinates"] {
                    fileinto "secrets";
            }

            # Save any message with an audio attachment in the "music" folder.
            if body :content "audio" :contains "" {
                    fileinto "music";
            }
            """;
    static final String SUBADDRESS_5233 = """
            require ["envelope", "subaddress", "fileinto"];

            # In this example the same user account receives mail for both
            # "ken@example.com" and "postmaster@example.com"

            # File all messages to postmaster into a single mailbox,
            # ignoring the :detail part.
            if envelope :user "to" "postmaster" {
                fileinto "inbox.postmaster";
                stop;
            }

            # File mailing list messages (subscribed as "ken+mta-filters").
            if envelope :detail "to" "mta-filters" {
                fileinto "inbox.ietf-mta-filters";
            }

            # Redirect all mail sent to "ken+foo".
            if envelope :detail "to" "foo" {
                redirect "ken@example.net";
            }
            """;
    static final String DATE_5260 = """
            require ["date", "relational", "fileinto"];
            if allof(header :is "from" "boss@example.com",
                     date :value "ge" :originalzone "date" "hour" "09",
                     date :value "lt" :originalzone "date" "hour" "17")
            { fileinto "urgent"; }
            """;
    static final String CURRENTDATE_5260 = """
            require ["date", "variables", "fileinto"];
            if currentdate :matches "month" "*" { set "month" "${1}"; }
            if currentdate :matches "year"  "*" { set "year" "${1}"; }
            fileinto "${month}-${year}";
            """;
    static final String INDEX_5260 = """
            require ["date", "relational", "index"];
            if date :value "gt" :index 2 :zone "-0500" "received"
                    "iso8601" "2007-02-26T09:00:00-05:00"
            { redirect "aftercutoff@example.org"; }
            """;
    static final String NOTIFY_5435 = """
            require ["enotify", "fileinto", "variables"];

            if header :contains "from" "boss@example.org" {
                notify :importance "1"
                    :message "This is probably very important"
                    "mailto:alova@example.com";
                # Don't send any further notifications
                stop;
            }

            if header :contains "to" "sievemailinglist@example.org" {
                # :matches is used to get the value of the Subject header
                if header :matches "Subject" "*" {
                    set "subject" "${1}";
                }

                # :matches is used to get the value of the From header
                if header :matches "From" "*" {
                    set "from" "${1}";
                }

                notify :importance "3"
                    :message "[SIEVE] ${from}: ${subject}"
                    "mailto:alova@example.com";
                fileinto "INBOX.sieve";
            }
            """;
    static final String SPAMTEST_5235 = """
            require ["spamtest", "fileinto", "relational", "comparator-i;ascii-numeric"];

            if spamtest :value "eq" :comparator "i;ascii-numeric" "0"
            {
                fileinto "INBOX.unclassified";
            }
            elsif spamtest :value "ge" :comparator "i;ascii-numeric" "3"
            {
                fileinto "INBOX.spam-trap";
            }
            """;
    static final String MAILBOX_5490 = """
            require ["fileinto", "mailbox"];
            if mailboxexists "Existing" {
                fileinto "Existing";
            } else {
                fileinto :create "Partners";
            }
            """;
    static final String DUPLICATE_7352 = """
            require ["duplicate", "fileinto", "mailbox"];

            if duplicate {
              fileinto :create "Trash/Duplicate";
            }
            """;
    static final String IHAVE_5463 = """
            require ["ihave", "fileinto"];
            if ihave "x-frobnicate" {
              frobnicate :all "INBOX";
            } elsif ihave "enotify" {
              fileinto "has-enotify";
            } else {
              error "no fileinto";
            }
            """;
    static final String COPY_3894 = """
            require ["copy", "fileinto"];
            fileinto :copy "incoming";
            """;
    static final String EDITHEADER_5293 = """
            require ["editheader", "fileinto"];
            deleteheader :index 1 :last "X-Spam";
            addheader "X-Processed" "yes";
            if header :is "X-Spam" "second" { fileinto "last-removed"; }
            """;

    static Stream<Case> examples() {
        String big = "From: a@example.org\nTo: bob@example.com\nSubject: big\n\n" + "0123456789".repeat(11_000) + "\n";
        String small = "From: a@example.org\nTo: bob@example.com\nSubject: small\n\nhi\n";
        String multipart = """
                From: spy@example.org
                To: bob@example.com
                Subject: plans
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="x"

                --x
                Content-Type: text/plain

                The coordinates are enclosed.
                --x
                Content-Type: audio/mpeg
                Content-Transfer-Encoding: base64

                AAAA
                --x--
                """;
        String received = """
                Received: from a by b; Mon, 26 Feb 2007 10:00:00 -0500
                Received: from c by d; Mon, 26 Feb 2007 09:30:00 -0500
                From: a@example.org
                To: bob@example.com

                x
                """;
        return Stream.of(
                Case.msg("RFC 5429 reject: big message", REJECT_5429, big,
                        "reject:Your message is too big.  If you want to send me a big\r\n"
                                + "attachment, put it on a public web site and send me a URL.\r\n"),
                Case.msg("RFC 5429 reject: small message", REJECT_5429, small, "keep"),
                new Case("RFC 5230 vacation: cyrus", VACATION_5230,
                        "From: a@example.org\nTo: bob@example.com\nSubject: cyrus bug\n\nx\n",
                        new Envelope("a@example.org", "bob@example.com", null), List.of("vacation:a@example.org", "keep")),
                Case.msg("RFC 5231 relational: priority", RELATIONAL_5231,
                        "From: zed@example.org\nTo: bob@example.com\nX-Priority: 1\n\nx\n", "fileinto:Priority"),
                Case.msg("RFC 5231 relational: many recipients", RELATIONAL_5231,
                        "From: zed@example.org\nTo: a@x.org, b@x.org, c@x.org, d@x.org, e@x.org, f@x.org\n\nx\n",
                        "fileinto:SPAM"),
                Case.msg("RFC 5231 relational: from N-Z", RELATIONAL_5231,
                        "From: zed@example.org\nTo: bob@example.com\n\nx\n", "fileinto:From N-Z"),
                Case.msg("RFC 5231 relational: from A-M", RELATIONAL_5231,
                        "From: alice@example.org\nTo: bob@example.com\n\nx\n", "fileinto:From A-M"),
                Case.msg("RFC 5173 body: secrets and music", BODY_5173, multipart, "fileinto:secrets", "fileinto:music"),
                Case.msg("RFC 5173 body: plain mail", BODY_5173, small, "keep"),
                new Case("RFC 5233 subaddress: postmaster", SUBADDRESS_5233, small,
                        new Envelope("a@example.org", "postmaster+x@example.com", null), List.of("fileinto:inbox.postmaster")),
                new Case("RFC 5233 subaddress: mta-filters", SUBADDRESS_5233, small,
                        new Envelope("a@example.org", "ken+mta-filters@example.com", null),
                        List.of("fileinto:inbox.ietf-mta-filters")),
                new Case("RFC 5233 subaddress: foo", SUBADDRESS_5233, small,
                        new Envelope("a@example.org", "ken+foo@example.com", null), List.of("redirect:ken@example.net")),
                Case.msg("RFC 5260 date: boss during office hours", DATE_5260,
                        "From: boss@example.com\nDate: Mon, 26 Feb 2007 10:00:00 +0100\n\nx\n", "fileinto:urgent"),
                Case.msg("RFC 5260 date: boss after hours", DATE_5260,
                        "From: boss@example.com\nDate: Mon, 26 Feb 2007 18:00:00 +0100\n\nx\n", "keep"),
                Case.msg("RFC 5260 currentdate into month-year", CURRENTDATE_5260, small, "fileinto:03-2024"),
                Case.msg("RFC 5260 index: second Received after cutoff", INDEX_5260, received,
                        "redirect:aftercutoff@example.org"),
                Case.msg("RFC 5435 enotify: boss", NOTIFY_5435, "From: boss@example.org\nTo: bob@example.com\n\nx\n",
                        "notify:mailto:alova@example.com", "keep"),
                Case.msg("RFC 5435 enotify: list", NOTIFY_5435,
                        "From: someone@example.net\nTo: sievemailinglist@example.org\nSubject: hi all\n\nx\n",
                        "notify:mailto:alova@example.com", "fileinto:INBOX.sieve"),
                Case.msg("RFC 5235 spamtest: unclassified", SPAMTEST_5235, small, "fileinto:INBOX.unclassified"),
                Case.msg("RFC 5490 mailboxexists", MAILBOX_5490, small, "fileinto:Existing"),
                Case.msg("RFC 7352 duplicate: first delivery", DUPLICATE_7352, "Message-ID: <d@x>\nFrom: a@b.c\n\nx\n", "keep"),
                Case.msg("RFC 5463 ihave", IHAVE_5463, small, "fileinto:has-enotify"),
                Case.msg("RFC 3894 copy", COPY_3894, small, "fileinto:incoming:copy", "keep"),
                Case.msg("RFC 5293 editheader", EDITHEADER_5293, "X-Spam: first\nX-Spam: second\nFrom: a@b.c\n\nx\n",
                        "deleteheader:X-Spam", "addheader:X-Processed", "keep"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void rfcExampleBehavesAsDescribed(Case c) {
        assertThat(new Harness(dir).actions(c.script(), c.message(), c.envelope())).isEqualTo(c.expected());
    }
}
