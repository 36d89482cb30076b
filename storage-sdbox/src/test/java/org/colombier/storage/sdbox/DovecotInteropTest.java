package org.colombier.storage.sdbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.Doveadm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directions against Debian's Dovecot 2.3 on the same sdbox tree: what Dovecot wrote reads
 * here with identical UIDs, flags, keywords, UIDVALIDITY and mailbox GUID, what we wrote reads so
 * in Dovecot, and each side continues where the other left off.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DovecotInteropTest {
    @TempDir
    Path home;

    private static String message(int i) {
        return "From: sender@example.org\r\nSubject: message " + i + "\r\n\r\nbody line of " + i + "\r\nsecond line\r\n";
    }

    private SdboxStore store() {
        return new SdboxStore(new MailStoreSettings("sdbox", "optimized", Map.of()));
    }

    private UserMailboxes user(SdboxStore store, Doveadm dove) throws Exception {
        return store.forUser(new MailUser("alice", home, dove.root(), Map.of()));
    }

    /** Our view in doveadm's terms: UID to sorted flag names. */
    private static Map<Long, List<String>> ours(Mailbox box) throws Exception {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (MessageInfo m : box.messages(UidSet.all())) {
            TreeSet<String> f = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            m.flags().system().forEach(s -> f.add(s.imapName()));
            f.addAll(m.flags().keywords());
            out.put(m.uid(), new ArrayList<>(f));
        }
        return out;
    }

    private static Map<Long, Long> modSeqs(Mailbox box) throws Exception {
        Map<Long, Long> out = new LinkedHashMap<>();
        for (MessageInfo m : box.messages(UidSet.all())) {
            out.put(m.uid(), m.modSeq());
        }
        return out;
    }

    private static void assertSameStatus(MailboxStatus ours, Map<String, String> dovecot) {
        assertThat(ours.uidValidity()).isEqualTo(Long.parseLong(dovecot.get("uidvalidity")));
        assertThat(ours.uidNext()).isEqualTo(Long.parseLong(dovecot.get("uidnext")));
        assertThat(ours.messages()).isEqualTo(Long.parseLong(dovecot.get("messages")));
        assertThat(ours.guid()).isEqualTo(dovecot.get("guid"));
        assertThat(ours.highestModSeq()).as("HIGHESTMODSEQ").isEqualTo(Long.parseLong(dovecot.get("highestmodseq")));
    }

    @Test
    void mailboxWrittenByDovecotReadsWithItsUidsFlagsKeywordsAndUidValidity() throws Exception {
        Doveadm dove = SdboxDoveadm.forHome(home);
        for (int i = 1; i <= 4; i++) {
            dove.save("INBOX", message(i));
        }
        dove.run("mailbox", "create", "Folder/Sub");
        dove.save("Folder/Sub", message(10));
        dove.run("flags", "add", "\\Seen $Forwarded Work", "mailbox", "INBOX", "uid", "1,3");
        dove.run("flags", "add", "\\Flagged \\Answered", "mailbox", "INBOX", "uid", "2");
        dove.run("flags", "remove", "Work", "mailbox", "INBOX", "uid", "3");
        dove.run("expunge", "mailbox", "INBOX", "uid", "4");
        dove.run("flags", "add", "Junk", "mailbox", "Folder/Sub", "all");

        try (SdboxStore store = store(); UserMailboxes user = user(store, dove)) {
            assertThat(user.list()).extracting(e -> e.path().levels())
                    .contains(List.of("INBOX"), List.of("Folder"), List.of("Folder", "Sub"));
            try (Mailbox inbox = user.open(MailboxPath.INBOX); Mailbox sub = user.open(MailboxPath.of(List.of("Folder", "Sub")))) {
                assertThat(ours(inbox)).isEqualTo(dove.uidsAndFlags("INBOX")).containsOnlyKeys(1L, 2L, 3L);
                assertThat(ours(inbox).get(1L)).containsExactly("$Forwarded", "\\Seen", "Work");
                assertSameStatus(inbox.status(), dove.status("INBOX"));
                assertThat(ours(sub)).isEqualTo(dove.uidsAndFlags("Folder/Sub"));
                assertSameStatus(sub.status(), dove.status("Folder/Sub"));
                try (InputStream in = inbox.openMessage(3)) {
                    // Dovecot stores LF line endings; the virtual size counts them as CRLF
                    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(message(3).replace("\r\n", "\n"));
                }
                assertThat(inbox.messages(UidSet.of(3)).get(0).virtualSize()).isEqualTo(message(3).length());

                // we continue: Dovecot sees our append and our flag change with the same UIDs
                long uid = inbox.append(new AppendRequest(MessageSource.of(message(5).getBytes(StandardCharsets.US_ASCII)),
                        new Flags(Set.of(SystemFlag.DRAFT), Set.of("Later")), Instant.parse("2024-05-06T07:08:09Z"), true)).uid();
                assertThat(uid).isEqualTo(5); // UID 4 was expunged by Dovecot and is never reused
                inbox.updateFlags(UidSet.of(1), FlagUpdate.remove(new Flags(Set.of(SystemFlag.SEEN), Set.of("work"))), OptionalLong.empty());
                assertThat(dove.uidsAndFlags("INBOX")).isEqualTo(ours(inbox));
                assertThat(dove.uidsAndFlags("INBOX").get(5L)).containsExactly("\\Draft", "Later");
                assertSameStatus(inbox.status(), dove.status("INBOX"));
                String fetched = dove.run("fetch", "date.received text", "mailbox", "INBOX", "uid", "5");
                assertThat(fetched).contains("Subject: message 5").contains("2024-05-06");
            }
            // Dovecot deletes a mailbox we used (our colombier.index is among its files)
            dove.run("mailbox", "delete", "Folder/Sub");
            assertThat(dove.root().resolve("mailboxes/Folder/Sub/dbox-Mails")).doesNotExist();
            assertThat(user.list()).extracting(e -> e.path().levels()).doesNotContain(List.of("Folder", "Sub"));
        }
    }

    @Test
    void mailboxWrittenByUsReadsInDovecotIdenticallyAndDovecotContinuesIt() throws Exception {
        Doveadm dove = SdboxDoveadm.forHome(home);
        MailboxPath folder = MailboxPath.of(List.of("Folder"));
        try (SdboxStore store = store(); UserMailboxes user = user(store, dove)) {
            user.create(folder);
            user.subscribe(folder);
            try (Mailbox box = user.open(folder)) {
                for (int i = 1; i <= 4; i++) {
                    box.append(new AppendRequest(MessageSource.of(message(i).getBytes(StandardCharsets.US_ASCII)),
                            i % 2 == 0 ? Flags.of(SystemFlag.SEEN) : Flags.NONE, null, true));
                }
                box.updateFlags(UidSet.range(1, 3), FlagUpdate.add(new Flags(Set.of(SystemFlag.FLAGGED), Set.of("$Forwarded", "Work"))),
                        OptionalLong.empty());
                box.updateFlags(UidSet.of(2), FlagUpdate.remove(new Flags(Set.of(), Set.of("Work"))), OptionalLong.empty());
                box.expunge(UidSet.of(3));

                assertThat(dove.uidsAndFlags("Folder")).isEqualTo(ours(box)).containsOnlyKeys(1L, 2L, 4L);
                assertSameStatus(box.status(), dove.status("Folder"));
                String text = dove.run("fetch", "text", "mailbox", "Folder", "uid", "2");
                assertThat(text.replace("\r\n", "\n")).contains(message(2).replace("\r\n", "\n"));
                assertThat(dove.run("mailbox", "list", "-s")).contains("Folder");

                // Dovecot continues, and the open mailbox here sees it without being reopened
                long modSeq = box.status().highestModSeq();
                dove.save("Folder", message(7));
                dove.run("flags", "add", "\\Answered Junk", "mailbox", "Folder", "uid", "1");
                dove.run("expunge", "mailbox", "Folder", "uid", "4");
                assertThat(ours(box)).isEqualTo(dove.uidsAndFlags("Folder")).containsOnlyKeys(1L, 2L, 5L);
                var changes = box.changesSince(modSeq);
                assertThat(changes.changed()).extracting(MessageInfo::uid).containsExactly(1L, 5L);
                assertThat(changes.expunged().contains(4)).isTrue();
                assertSameStatus(box.status(), dove.status("Folder"));
            }
        }
    }

    @Test
    void anOpenMailboxFollowsDovecotsForceResync() throws Exception {
        Doveadm dove = SdboxDoveadm.forHome(home);
        try (SdboxStore store = store(); UserMailboxes user = user(store, dove); Mailbox inbox = user.open(MailboxPath.INBOX)) {
            for (int i = 1; i <= 3; i++) {
                inbox.append(new AppendRequest(MessageSource.of(message(i).getBytes(StandardCharsets.US_ASCII)),
                        new Flags(Set.of(SystemFlag.SEEN), Set.of("Work")), null, true));
            }
            java.nio.file.Files.copy(dove.root().resolve("mailboxes/INBOX/dbox-Mails/u.1"), dove.root().resolve("mailboxes/INBOX/dbox-Mails/u.9"));
            dove.run("force-resync", "INBOX");
            assertThat(ours(inbox)).isEqualTo(dove.uidsAndFlags("INBOX")).containsOnlyKeys(1L, 2L, 3L, 9L);
            assertSameStatus(inbox.status(), dove.status("INBOX"));
            assertThat(inbox.append(AppendRequest.of(MessageSource.of(message(4).getBytes(StandardCharsets.US_ASCII)))).uid()).isEqualTo(10);
            assertThat(dove.uidsAndFlags("INBOX")).isEqualTo(ours(inbox));
        }
    }

    @Test
    void indexSnapshotWrittenByDovecotIsReadWithTheLogAfterIt() throws Exception {
        Doveadm dove = SdboxDoveadm.forHome(home);
        dove.save("INBOX", message(1));
        for (int i = 0; i < 7; i++) {
            dove.run("copy", "INBOX", "mailbox", "INBOX", "all"); // doubles the mailbox: 128 messages
        }
        dove.run("flags", "add", "\\Seen Big", "mailbox", "INBOX", "uid", "1:40");
        dove.run("expunge", "mailbox", "INBOX", "uid", "50:60");
        dove.run("flags", "add", "Late", "mailbox", "INBOX", "uid", "100:128");
        Path mails = dove.root().resolve("mailboxes/INBOX/dbox-Mails");
        // Dovecot writes its snapshot once 8 KB of log have accumulated; flag changes on odd UIDs grow the log fast
        for (int i = 0; i < 40 && !Files.exists(mails.resolve(IndexSnapshot.FILE)); i++) {
            dove.run("flags", i % 2 == 0 ? "add" : "remove", "\\Draft Toggle", "mailbox", "INBOX", "uid", "1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47,49");
        }
        dove.run("flags", "add", "AfterSnapshot", "mailbox", "INBOX", "uid", "2");
        dove.run("expunge", "mailbox", "INBOX", "uid", "61");
        assertThat(mails.resolve(IndexSnapshot.FILE)).as("Dovecot wrote its dovecot.index snapshot").exists();
        try (SdboxStore store = store(); UserMailboxes user = user(store, dove); Mailbox inbox = user.open(MailboxPath.INBOX)) {
            assertThat(ours(inbox)).isEqualTo(dove.uidsAndFlags("INBOX")).hasSize(116);
            // Dovecot without CONDSTORE keeps no per-message modseqs (all report HIGHESTMODSEQ); ours are never above it
            long highest = Long.parseLong(dove.status("INBOX").get("highestmodseq"));
            assertThat(modSeqs(inbox).values()).allMatch(m -> m <= highest);
            assertThat(inbox.changesSince(1).changed()).hasSize(116);
            assertSameStatus(inbox.status(), dove.status("INBOX"));
        }
    }
}
