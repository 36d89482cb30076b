package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** doveadm's mail commands on mail delivered to a running server by IMAP APPEND. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailCommandsTest {
    @TempDir
    Path dir;

    private static final String FIRST = "From: Ann <ann@example.org>\r\nSubject: hello world\r\n\r\nfirst body\r\n";
    private static final String SECOND = "From: Bob <bob@example.org>\r\nSubject: Re: lunch\r\n"
            + "Date: Wed, 31 Jan 2024 12:00:00 +0000 (UTC)\r\n\r\nsecond body, "
            + "x".repeat(2000) + "\r\n";
    private static final String THIRD = "From: Ann <ann@example.org>\r\nSubject: report\r\n\r\nthird body\r\n";

    private static void append(RunningServer.Client imap, String mailbox, String message) throws Exception {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        imap.send("p APPEND " + mailbox + " {" + bytes.length + "+}");
        imap.sendRaw(bytes);
        imap.send("");
        String line;
        do {
            line = imap.readLine();
        } while (!line.startsWith("p "));
        assertThat(line).startsWith("p OK");
    }

    private static RunningServer startWithMail(Path dir) throws Exception {
        return startWithMail(dir, "maildir");
    }

    private static RunningServer startWithMail(Path dir, String mailDriver) throws Exception {
        RunningServer server = RunningServer.start(dir, mailDriver);
        try (RunningServer.Client imap = server.imapLogin("alice")) {
            append(imap, "INBOX", FIRST);
            append(imap, "INBOX", SECOND);
            append(imap, "INBOX", THIRD);
        }
        return server;
    }

    @Test
    void mailboxCommandsCreateListRenameDeleteAndSubscribe() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            assertThat(server.doveadm("mailbox", "create", "-u", "alice", "Work", "Lists/dev").status()).isZero();
            RunningServer.Run again = server.doveadm("mailbox", "create", "-u", "alice", "Work");
            assertThat(again.status()).isEqualTo(Doveadm.EX_DATAERR);
            assertThat(again.err()).startsWith("Error: Can't create mailbox Work: ");
            assertThat(server.doveadm("mailbox", "list", "-u", "alice").out()).isEqualTo("INBOX\nLists\nLists/dev\nWork\n");
            assertThat(server.doveadm("-f", "tab", "mailbox", "list", "-u", "alice", "L%").out()).isEqualTo("mailbox\nLists\n");
            assertThat(server.doveadm("mailbox", "list", "-u", "alice", "inbox").out()).isEqualTo("INBOX\n");

            assertThat(server.doveadm("mailbox", "rename", "-u", "alice", "Work", "Jobs").status()).isZero();
            assertThat(server.doveadm("mailbox", "subscribe", "-u", "alice", "Jobs").status()).isZero();
            assertThat(server.doveadm("mailbox", "list", "-u", "alice", "-s").out()).isEqualTo("Jobs\n");
            assertThat(server.doveadm("mailbox", "unsubscribe", "-u", "alice", "Jobs").status()).isZero();
            assertThat(server.doveadm("mailbox", "list", "-u", "alice", "-s").out()).isEmpty();

            RunningServer.Run missing = server.doveadm("mailbox", "delete", "-u", "alice", "Nope");
            assertThat(missing.status()).isEqualTo(Doveadm.EX_NOTFOUND);
            assertThat(missing.err()).startsWith("Error: Can't delete mailbox Nope: ");
            assertThat(server.doveadm("mailbox", "delete", "-u", "alice", "Jobs").status()).isZero();
            assertThat(server.doveadm("mailbox", "list", "-u", "alice", "J*").out()).isEmpty();

            RunningServer.Run unknown = server.doveadm("mailbox", "list", "-u", "carol");
            assertThat(unknown.status()).isEqualTo(Doveadm.EX_NOUSER);
            assertThat(server.doveadm("mailbox", "list").status()).isEqualTo(Doveadm.EX_USAGE);
        }
    }

    @Test
    void statusSearchAndFetchSeeMailAppendedOverImap() throws Exception {
        try (RunningServer server = startWithMail(dir)) {
            assertThat(server.doveadm("mailbox", "status", "-u", "alice", "messages unseen", "INBOX").out())
                    .isEqualTo("INBOX messages=3 unseen=3\n");
            RunningServer.Run all = server.doveadm("-f", "tab", "mailbox", "status", "-u", "alice", "all", "*");
            assertThat(all.out()).startsWith("mailbox\tmessages\trecent\tuidnext\tuidvalidity\tunseen\thighestmodseq\tvsize\tguid\n")
                    .containsPattern("(?m)^INBOX\t3\t\\d+\t4\t\\d+\t3\t\\d+\t\\d+\t\\S*$");

            String guid = server.doveadm("-f", "tab", "mailbox", "status", "-u", "alice", "guid", "INBOX").out()
                    .lines().skip(1).findFirst().orElseThrow().split("\t", -1)[1];
            assertThat(server.doveadm("search", "-u", "alice", "mailbox", "INBOX", "subject", "HELLO").out())
                    .isEqualTo(guid + " 1\n");
            assertThat(uids(server, "from", "ann@example.org")).isEqualTo("1 3");
            assertThat(uids(server, "larger", "1k")).isEqualTo("2");
            assertThat(uids(server, "smaller", "1k")).isEqualTo("1 3");
            assertThat(uids(server, "body", "THIRD")).isEqualTo("3");
            assertThat(uids(server, "text", "lunch")).isEqualTo("2");
            assertThat(uids(server, "uid", "2:*")).isEqualTo("2 3");
            assertThat(uids(server, "1,3")).isEqualTo("1 3");
            assertThat(uids(server, "or", "uid", "1", "(", "subject", "report", "not", "body", "nothing", ")")).isEqualTo("1 3");
            assertThat(uids(server, "since", "1d", "savedbefore", "2099-01-01")).isEqualTo("1 2 3");
            assertThat(uids(server, "before", "1-Jan-2000")).isEmpty();
            long recent = Long.parseLong(server.doveadm("-f", "tab", "mailbox", "status", "-u", "alice", "recent", "INBOX")
                    .out().lines().skip(1).findFirst().orElseThrow().split("\t", -1)[1]);
            String recentUids = uids(server, "recent");
            assertThat(recentUids.isEmpty() ? 0 : recentUids.split(" ").length).isEqualTo(recent);
            assertThat(uids(server, "or", "recent", "old")).isEqualTo("1 2 3");
            assertThat(uids(server, "new")).isEqualTo(uids(server, "recent", "unseen"));
            assertThat(uids(server, "senton", "2024-01-31")).isEqualTo("2");
            assertThat(uids(server, "sentbefore", "1-Feb-2024")).isEqualTo("2");
            assertThat(uids(server, "sentsince", "30d")).isEmpty();
            assertThat(uids(server, "sentsince", "2024-02-01")).isEmpty();
            assertThat(uids(server, "header", "Subject", "re:")).isEqualTo("2");

            RunningServer.Run pager = server.doveadm("fetch", "-u", "alice", "uid flags hdr.subject", "mailbox", "INBOX", "uid", "1:2");
            assertThat(pager.status()).isZero();
            assertThat(pager.out()).isEqualTo("uid: 1\nflags: \nhdr.subject: hello world\n\f\nuid: 2\nflags: \nhdr.subject: Re: lunch\n");
            RunningServer.Run body = server.doveadm("fetch", "-u", "alice", "hdr body", "uid", "1");
            assertThat(body.out()).isEqualTo("hdr:\nFrom: Ann <ann@example.org>\nSubject: hello world\n\nbody:\nfirst body\n");
            RunningServer.Run tab = server.doveadm("-f", "tab", "fetch", "-u", "alice",
                    "mailbox seq uid size.physical guid date.received.unixtime", "uid", "3");
            assertThat(tab.out()).startsWith("mailbox\tseq\tuid\tsize.physical\tguid\tdate.received.unixtime\n")
                    .containsPattern("(?m)^INBOX\t3\t3\t" + THIRD.length() + "\t\\S+\t\\d+$");
            assertThat(server.doveadm("-f", "json", "fetch", "-u", "alice", "uid hdr.from", "uid", "3").out())
                    .isEqualTo("[{\"uid\":\"3\",\"hdr.from\":\"Ann <ann@example.org>\"}]\n");

            RunningServer.Run badField = server.doveadm("fetch", "-u", "alice", "uid bogus", "all");
            assertThat(badField.status()).isEqualTo(Doveadm.EX_USAGE);
            assertThat(badField.err()).contains("Fatal: Unknown fetch field: bogus");
            RunningServer.Run badQuery = server.doveadm("search", "-u", "alice", "frobnicate");
            assertThat(badQuery.status()).isEqualTo(Doveadm.EX_USAGE);
            assertThat(badQuery.err()).contains("Fatal: Unknown search key: frobnicate");
            assertThat(server.doveadm("search", "-u", "alice", "(", "all").status()).isEqualTo(Doveadm.EX_USAGE);
            assertThat(server.doveadm("fetch", "-u", "carol", "uid", "all").status()).isEqualTo(Doveadm.EX_NOUSER);
            assertThat(server.doveadm("fetch", "-u", "alice", "uid", "mailbox", "Nope", "all").out()).isEmpty();
        }
    }

    @Test
    void flagsExpungeCopyMoveAndSaveChangeTheMailboxes() throws Exception {
        try (RunningServer server = startWithMail(dir)) {
            assertThat(server.doveadm("flags", "add", "-u", "alice", "\\Seen $Important", "mailbox", "INBOX", "uid", "1:2").status())
                    .isZero();
            assertThat(uids(server, "seen")).isEqualTo("1 2");
            assertThat(uids(server, "keyword", "$Important")).isEqualTo("1 2");
            assertThat(server.doveadm("flags", "remove", "-u", "alice", "\\Seen", "uid", "2").status()).isZero();
            assertThat(server.doveadm("-f", "flow", "fetch", "-u", "alice", "uid flags", "uid", "1:2").out())
                    .isEqualTo("uid=1 flags=\\Seen $Important\nuid=2 flags=$Important\n");
            assertThat(server.doveadm("flags", "replace", "-u", "alice", "\\Flagged", "uid", "1").status()).isZero();
            assertThat(uids(server, "flagged")).isEqualTo("1");
            assertThat(server.doveadm("flags", "add", "-u", "alice", "\\Bogus", "all").status()).isEqualTo(Doveadm.EX_USAGE);

            server.doveadm("mailbox", "create", "-u", "alice", "Archive");
            assertThat(server.doveadm("copy", "-u", "alice", "Archive", "mailbox", "INBOX", "uid", "1").status()).isZero();
            assertThat(server.doveadm("move", "-u", "alice", "Archive", "mailbox", "INBOX", "subject", "report").status()).isZero();
            assertThat(server.doveadm("mailbox", "status", "-u", "alice", "messages", "*").out())
                    .isEqualTo("Archive messages=2\nINBOX messages=2\n");
            assertThat(server.doveadm("move", "-u", "alice", "Nope", "all").status()).isEqualTo(Doveadm.EX_NOTFOUND);

            assertThat(server.doveadm("expunge", "-u", "alice", "mailbox", "INBOX", "uid", "2").status()).isZero();
            assertThat(uids(server, "mailbox", "INBOX", "all")).isEqualTo("1");

            RunningServer.Run save = server.doveadmWithInput("Subject: saved\r\n\r\nfrom stdin\r\n", "save", "-u", "alice", "-m", "Archive");
            assertThat(save.status()).isZero();
            assertThat(server.doveadm("fetch", "-u", "alice", "hdr.subject", "mailbox", "Archive", "body", "stdin").out())
                    .isEqualTo("hdr.subject: saved\n");
            try (RunningServer.Client imap = server.imapLogin("alice")) {
                imap.send("s STATUS Archive (MESSAGES)");
                assertThat(imap.readLine()).isEqualTo("* STATUS Archive (MESSAGES 3)");
            }
        }
    }

    @Test
    void saveRefusesAMessageOverQuotaMailSizeAndStoresNothing() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            Files.writeString(server.conf, Files.readString(server.conf) + "quota_mail_size = 100\n");
            RunningServer.Run big = server.doveadmWithInput("Subject: big\r\n\r\n" + "x".repeat(100) + "\r\n",
                    "save", "-u", "alice");
            assertThat(big.status()).isEqualTo(Doveadm.EX_DATAERR);
            assertThat(big.err()).contains("Mail size is too large");
            assertThat(server.doveadmWithInput("Subject: small\r\n\r\nok\r\n", "save", "-u", "alice").status()).isZero();
            assertThat(server.doveadm("mailbox", "status", "-u", "alice", "messages", "INBOX").out())
                    .isEqualTo("INBOX messages=1\n");
        }
    }

    @Test
    void allUsersComeFromTheUserdb() throws Exception {
        try (RunningServer server = startWithMail(dir)) {
            RunningServer.Run run = server.doveadm("-f", "tab", "mailbox", "status", "-A", "messages", "INBOX");
            assertThat(run.status()).isZero();
            assertThat(run.out()).isEqualTo("mailbox\tmessages\nINBOX\t3\nINBOX\t0\n");
            assertThat(server.doveadm("mailbox", "status", "-A", "-u", "alice", "messages", "INBOX").status())
                    .isEqualTo(Doveadm.EX_USAGE);
        }
    }

    @Test
    void quotaGetComparesUsageWithTheUserdbLimits() throws Exception {
        try (RunningServer server = startWithMail(dir)) {
            Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret::::::userdb_quota_storage_size=1M "
                    + "userdb_quota_message_count=6\nbob:{PLAIN}secret::::::\n");
            RunningServer.Run alice = server.doveadm("-f", "tab", "quota", "get", "-u", "alice");
            assertThat(alice.status()).as(alice.err()).isZero();
            long kb = (FIRST.length() + SECOND.length() + THIRD.length()) / 1024;
            assertThat(alice.out()).isEqualTo("Quota name\tType\tValue\tLimit\t%\n"
                    + "User quota\tSTORAGE\t" + kb + "\t1024\t0\n"
                    + "User quota\tMESSAGE\t3\t6\t50\n");
            assertThat(server.doveadm("quota", "get", "-u", "bob").out())
                    .isEqualTo("Quota name Type    Value Limit %\n"
                            + "User quota STORAGE 0     -     0\n"
                            + "User quota MESSAGE 0     -     0\n");
            assertThat(server.doveadm("quota", "recalc", "-A").status()).isZero();
        }
    }

    @Test
    void forceResyncRebuildsTheIndexKeepingUids() throws Exception {
        try (RunningServer server = startWithMail(dir)) {
            server.doveadm("flags", "add", "-u", "alice", "\\Seen", "uid", "2");
            Path index = dir.resolve("mail/alice/Maildir/colombier.index");
            assertThat(index).exists();
            String before = server.doveadm("-f", "tab", "fetch", "-u", "alice", "uid guid flags", "all").out();
            RunningServer.Run resync = server.doveadm("force-resync", "-u", "alice", "INBOX");
            assertThat(resync.status()).as(resync.err()).isZero();
            assertThat(index).exists();
            assertThat(server.doveadm("-f", "tab", "fetch", "-u", "alice", "uid guid flags", "all").out()).isEqualTo(before);
            assertThat(server.doveadm("index", "-u", "alice", "*").status()).isZero();
            assertThat(server.doveadm("force-resync", "-u", "carol", "INBOX").status()).isEqualTo(Doveadm.EX_NOUSER);
        }
    }

    @Test
    void forceResyncOfAnSdboxUserKeepsUidsAndFlags() throws Exception {
        try (RunningServer server = startWithMail(dir, "sdbox")) {
            assertThat(server.doveadm("flags", "add", "-u", "alice", "\\Flagged", "uid", "3").status()).isZero();
            String before = server.doveadm("-f", "tab", "fetch", "-u", "alice", "uid guid flags", "all").out();
            assertThat(before).contains("\\Flagged");
            RunningServer.Run resync = server.doveadm("force-resync", "-u", "alice", "INBOX");
            assertThat(resync.status()).as(resync.err()).isZero();
            assertThat(server.doveadm("-f", "tab", "fetch", "-u", "alice", "uid guid flags", "all").out()).isEqualTo(before);
        }
    }

    @Test
    void mailDeliveredOverLmtpIsFoundBySearchAndFetch() throws Exception {
        try (RunningServer server = RunningServer.start(dir); RunningServer.Client lmtp = server.connect("lmtp")) {
            lmtp.send("LHLO client.example.org");
            String line;
            do {
                line = lmtp.readLine();
            } while (line.startsWith("250-"));
            assertThat(line).startsWith("250 ");
            lmtp.send("MAIL FROM:<ann@example.org>");
            assertThat(lmtp.readLine()).startsWith("250");
            lmtp.send("RCPT TO:<alice>");
            assertThat(lmtp.readLine()).startsWith("250");
            lmtp.send("DATA");
            assertThat(lmtp.readLine()).startsWith("354");
            lmtp.sendRaw("From: Ann <ann@example.org>\r\nSubject: delivered\r\n\r\nover lmtp\r\n.\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(lmtp.readLine()).startsWith("250");

            assertThat(uids(server, "subject", "delivered")).isEqualTo("1");
            assertThat(server.doveadm("fetch", "-u", "alice", "body", "mailbox", "INBOX", "subject", "delivered").out())
                    .isEqualTo("body:\nover lmtp\n");
        }
    }

    @Test
    void helpDocumentsEveryCommand() throws Exception {
        Path conf = RunningServer.writeConfig(dir);
        RunningServer.Run help = run("help");
        assertThat(help.status()).isZero();
        for (String command : List.of("who", "kick", "reload", "stop", "stats", "log", "mailbox", "fetch", "search",
                "expunge", "flags", "copy", "move", "save", "index", "force-resync", "quota", "config", "auth", "user", "pw")) {
            assertThat(help.out()).containsPattern("(?m)^  " + command + " ");
            RunningServer.Run one = run("help", command);
            assertThat(one.status()).isZero();
            assertThat(one.out()).startsWith("Usage: doveadm " + command);
        }
        assertThat(run("help", "mailbox").out()).contains("status ", "unsubscribe ");
        assertThat(run("mailbox", "status", "--help").out()).startsWith("Usage: doveadm mailbox status").contains("FIELDS", "-t");
        assertThat(Files.exists(conf)).isTrue();
    }

    private static RunningServer.Run run(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int status = Doveadm.run(args, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        return new RunningServer.Run(status, out.toString(), err.toString());
    }

    /** The UIDs (of every mailbox the query selects) that {@code doveadm search} finds, space-separated. */
    private static String uids(RunningServer server, String... query) {
        String[] args = new String[query.length + 3];
        args[0] = "search";
        args[1] = "-u";
        args[2] = "alice";
        System.arraycopy(query, 0, args, 3, query.length);
        RunningServer.Run run = server.doveadm(args);
        assertThat(run.status()).as(run.err()).isZero();
        return String.join(" ", run.out().lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList());
    }
}
