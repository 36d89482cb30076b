package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Changes;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxEntry;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.Doveadm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On-disk compatibility with Dovecot itself: what we write, Dovecot's doveadm reads with the same
 * UIDs, UIDVALIDITY, flags and keywords, and the other way round, with both sides working on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DovecotInteropTest {
    @TempDir
    Path home;
    Doveadm doveadm;
    MaildirStore store;
    UserMailboxes user;

    @BeforeEach
    void setUp() throws Exception {
        doveadm = doveadmOn(home, "");
        store = new MaildirStore(new MailStoreSettings("maildir", "optimized", Map.of()));
        user = store.forUser(new MailUser("alice", home, doveadm.root(), Map.of()));
    }

    @AfterEach
    void tearDown() {
        if (user != null) {
            user.close();
            store.close();
        }
    }

    private static MessageSource message(String subject) {
        return MessageSource.of(("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nbody " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** Our view of a mailbox in doveadm's terms: UID to sorted flag names. */
    private static Map<Long, List<String>> ours(Mailbox mailbox) throws Exception {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (MessageInfo m : mailbox.messages(UidSet.all())) {
            List<String> flags = new ArrayList<>();
            m.flags().system().forEach(f -> flags.add(f.imapName()));
            flags.addAll(m.flags().keywords());
            flags.sort(String.CASE_INSENSITIVE_ORDER);
            out.put(m.uid(), flags);
        }
        return out;
    }

    @Test
    void dovecotReadsOurMessagesWithTheSameUidsFlagsAndKeywords() throws Exception {
        MailboxPath sub = MailboxPath.of(List.of("Folder", "Sub"));
        MailboxPath unicode = MailboxPath.of(List.of("Ünïcode"));
        user.create(sub);
        user.create(unicode);
        user.subscribe(sub);
        try (Mailbox inbox = user.open(MailboxPath.INBOX); Mailbox folder = user.open(sub)) {
            inbox.append(AppendRequest.of(message("plain")));
            inbox.append(new AppendRequest(message("seen"), Flags.of(SystemFlag.SEEN, SystemFlag.ANSWERED),
                    Instant.parse("2024-01-02T03:04:05Z"), true));
            long k = inbox.append(new AppendRequest(message("keywords"),
                    new Flags(Set.of(SystemFlag.FLAGGED), Set.of("$Forwarded", "Work")), null, true)).uid();
            long gone = inbox.append(AppendRequest.of(message("expunged"))).uid();
            inbox.expunge(UidSet.of(gone));
            inbox.updateFlags(UidSet.of(k), FlagUpdate.add(new Flags(Set.of(SystemFlag.DRAFT), Set.of("Later"))), OptionalLong.empty());
            folder.append(AppendRequest.of(message("in folder")));

            assertThat(doveadm.uidsAndFlags("INBOX")).isEqualTo(ours(inbox));
            assertThat(doveadm.uidsAndFlags("Folder/Sub")).isEqualTo(ours(folder));
            MailboxStatus st = inbox.status();
            Map<String, String> theirs = doveadm.status("INBOX");
            assertThat(theirs.get("uidvalidity")).isEqualTo(String.valueOf(st.uidValidity()));
            assertThat(theirs.get("uidnext")).isEqualTo(String.valueOf(st.uidNext()));
            assertThat(theirs.get("messages")).isEqualTo(String.valueOf(st.messages()));
            assertThat(theirs.get("unseen")).isEqualTo(String.valueOf(st.unseen()));
            assertThat(theirs.get("guid")).isEqualTo(st.guid());
            assertThat(doveadm.status("Folder/Sub").get("uidvalidity")).isEqualTo(String.valueOf(folder.status().uidValidity()));
        }
        assertThat(Doveadm.table(doveadm.run("mailbox", "list"))).extracting(r -> r.get("mailbox"))
                .contains("INBOX", "Folder/Sub", "Ünïcode");
        assertThat(Doveadm.table(doveadm.run("mailbox", "list", "-s"))).extracting(r -> r.get("mailbox"))
                .contains("Folder/Sub");
        assertThat(Files.isDirectory(doveadm.root().resolve(".&ANw-n&AO8-code"))).isTrue();
    }

    @Test
    void weReadDovecotsMessagesWithTheSameUidsFlagsAndKeywords() throws Exception {
        doveadm.save("INBOX", "From: x@example.org\nSubject: one\n\nhello\n");
        doveadm.save("INBOX", "From: x@example.org\nSubject: two\n\nworld\n");
        doveadm.save("INBOX", "From: x@example.org\nSubject: three\n\n!\n");
        doveadm.run("flags", "add", "\\Seen $Label1", "mailbox", "INBOX", "uid", "1");
        doveadm.run("flags", "add", "\\Flagged \\Deleted Junk", "mailbox", "INBOX", "uid", "3");
        doveadm.run("expunge", "mailbox", "INBOX", "uid", "2");
        doveadm.run("mailbox", "create", "Archive/2024");
        doveadm.save("Archive/2024", "Subject: archived\n\nold\n");
        doveadm.run("mailbox", "subscribe", "Archive/2024");

        Map<Long, List<String>> theirs = doveadm.uidsAndFlags("INBOX");
        Map<String, String> status = doveadm.status("INBOX");
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            assertThat(ours(inbox)).isEqualTo(theirs).containsOnlyKeys(1L, 3L);
            assertThat(inbox.status().uidValidity()).isEqualTo(Long.parseLong(status.get("uidvalidity")));
            assertThat(inbox.status().uidNext()).isEqualTo(Long.parseLong(status.get("uidnext")));
            assertThat(inbox.status().guid()).isEqualTo(status.get("guid"));
            MessageInfo first = inbox.messages(UidSet.of(1)).get(0);
            assertThat(first.virtualSize()).isEqualTo("From: x@example.org\r\nSubject: one\r\n\r\nhello\r\n".length());
            try (InputStream in = inbox.openMessage(1)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("Subject: one");
            }
        }
        assertThat(user.list()).extracting(MailboxEntry::path).contains(MailboxPath.of(List.of("Archive", "2024")));
        assertThat(user.subscriptions()).contains(MailboxPath.of(List.of("Archive", "2024")));
        assertThat(user.status(MailboxPath.of(List.of("Archive", "2024"))).messages()).isEqualTo(1);
    }

    @Test
    void eachSideKeepsWorkingOnTheOthersChanges() throws Exception {
        doveadm.save("INBOX", "Subject: d1\n\nfrom dovecot\n");
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long ours = inbox.append(AppendRequest.of(message("j1"))).uid();
            assertThat(ours).isEqualTo(2);
            long mark = inbox.status().highestModSeq();

            doveadm.save("INBOX", "Subject: d2\n\nfrom dovecot again\n");
            doveadm.run("flags", "add", "\\Flagged", "mailbox", "INBOX", "uid", "2");
            doveadm.run("expunge", "mailbox", "INBOX", "uid", "1");

            Changes changes = inbox.changesSince(mark);
            assertThat(changes.expunged()).isEqualTo(UidSet.of(1));
            assertThat(changes.changed()).extracting(MessageInfo::uid).containsExactly(2L, 3L);
            assertThat(inbox.messages(UidSet.of(2)).get(0).flags().has(SystemFlag.FLAGGED)).isTrue();

            inbox.updateFlags(UidSet.of(3), FlagUpdate.add(new Flags(Set.of(SystemFlag.ANSWERED), Set.of("Done"))), OptionalLong.empty());
            inbox.updateFlags(UidSet.of(2), FlagUpdate.add(Flags.of(SystemFlag.SEEN)), OptionalLong.empty());
            long four = inbox.append(AppendRequest.of(message("j2"))).uid();
            assertThat(four).isEqualTo(4);

            assertThat(doveadm.uidsAndFlags("INBOX")).isEqualTo(ours(inbox))
                    .containsEntry(2L, List.of("\\Flagged", "\\Seen"))
                    .containsEntry(3L, List.of("\\Answered", "Done"));
            doveadm.save("INBOX", "Subject: d3\n\nlast\n");
            assertThat(doveadm.status("INBOX").get("uidnext")).isEqualTo("6");
            assertThat(inbox.status().uidNext()).isEqualTo(6);
            assertThat(ours(inbox)).isEqualTo(doveadm.uidsAndFlags("INBOX"));
        }
    }

    @Test
    void dovecotAndWeAppendingAtOnceLoseNothingAndAgreeOnEveryUid() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            inbox.append(AppendRequest.of(message("first"))); // the uidlist exists before both sides race
            ExecutorService dovecot = Executors.newSingleThreadExecutor();
            try {
                Future<?> saves = dovecot.submit(() -> {
                    for (int i = 0; i < 12; i++) {
                        doveadm.save("INBOX", "Subject: dovecot " + i + "\n\nrace\n");
                    }
                    return null;
                });
                Set<Long> ours = new HashSet<>();
                for (int i = 0; i < 30; i++) {
                    assertThat(ours.add(inbox.append(AppendRequest.of(message("ours " + i))).uid())).isTrue();
                }
                saves.get(100, TimeUnit.SECONDS);
            } finally {
                dovecot.shutdownNow();
            }
            Map<Long, List<String>> theirs = doveadm.uidsAndFlags("INBOX");
            assertThat(theirs).hasSize(43);
            assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactlyElementsOf(theirs.keySet());
            assertThat(inbox.status().uidNext()).isEqualTo(Long.parseLong(doveadm.status("INBOX").get("uidnext")));
        }
    }

    @Test
    void fsLayoutIsReadByDovecotWithLayoutFs(@TempDir Path fsHome) throws Exception {
        Doveadm fsDoveadm = doveadmOn(fsHome, ":LAYOUT=fs");
        try (MaildirStore fsStore = new MaildirStore(new MailStoreSettings("maildir", "optimized", Map.of("layout", "fs")));
             UserMailboxes fsUser = fsStore.forUser(new MailUser("alice", fsHome, fsDoveadm.root(), Map.of()))) {
            MailboxPath dotted = MailboxPath.of(List.of("Projects", "v1.2"));
            fsUser.create(dotted);
            try (Mailbox m = fsUser.open(dotted)) {
                m.append(new AppendRequest(message("fs"), Flags.of(SystemFlag.SEEN), null, true));
                assertThat(fsDoveadm.uidsAndFlags("Projects/v1.2")).isEqualTo(ours(m));
            }
            fsDoveadm.run("mailbox", "create", "Other/Deep");
            fsDoveadm.save("Other/Deep", "Subject: from dovecot\n\nfs\n");
            assertThat(fsUser.status(MailboxPath.of(List.of("Other", "Deep"))).messages()).isEqualTo(1);
        }
    }

    @Test
    void aUidDovecotExpungedIsNeverGivenAgain() throws Exception {
        doveadm.save("INBOX", "Subject: one\n\n1\n");
        doveadm.save("INBOX", "Subject: two\n\n2\n");
        doveadm.run("expunge", "mailbox", "INBOX", "uid", "2");
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long uid = inbox.append(AppendRequest.of(message("three"))).uid();
            assertThat(uid).isEqualTo(3);
            inbox.expunge(UidSet.of(uid));
            doveadm.save("INBOX", "Subject: four\n\n4\n");
            assertThat(doveadm.uidsAndFlags("INBOX")).containsOnlyKeys(1L, 4L);
            assertThat(inbox.append(AppendRequest.of(message("five"))).uid()).isEqualTo(5);
            assertThat(doveadm.uidsAndFlags("INBOX")).containsOnlyKeys(1L, 4L, 5L);
        }
    }

    @Test
    void dovecotReadsOurUidlistWithTheStaleRecordsOurExpungesLeave() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            for (int i = 1; i <= 8; i++) {
                inbox.append(AppendRequest.of(message("m" + i)));
            }
            inbox.updateFlags(UidSet.of(5), FlagUpdate.add(Flags.of(SystemFlag.FLAGGED)), OptionalLong.empty());
            inbox.expunge(UidSet.of(3)); // 7 live records of 8: the uidlist keeps the stale one
            assertThat(Files.readString(doveadm.root().resolve(UidList.FILE))).contains("\n3 :");

            assertThat(doveadm.uidsAndFlags("INBOX")).isEqualTo(ours(inbox));
            doveadm.save("INBOX", "Subject: from dovecot\n\nnine\n");
            assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(inbox.append(AppendRequest.of(message("ten"))).uid()).isEqualTo(10);
            assertThat(doveadm.uidsAndFlags("INBOX")).isEqualTo(ours(inbox));
        }
    }

    /** Dovecot on the Maildir {@code home/Maildir}, with {@code options} after its mail_location. */
    private static Doveadm doveadmOn(Path home, String options) throws IOException {
        Path maildir = home.resolve("Maildir");
        return Doveadm.forRoot(home, maildir, "maildir:" + maildir + options, "dovecot.conf");
    }
}
