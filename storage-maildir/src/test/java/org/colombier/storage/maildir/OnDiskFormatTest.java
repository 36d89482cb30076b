package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.colombier.storage.maildir.MaildirFixture.message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxAttribute;
import org.colombier.api.storage.MailboxEntry;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.SubscriptionsFile;
import org.colombier.api.storage.support.UidValidityCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bytes and names on disk are Dovecot's: layout, file names, uidlist, keywords, subscriptions. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OnDiskFormatTest {
    @TempDir
    Path home;

    private Path maildir() {
        return home.resolve("Maildir");
    }

    private static MailboxPath path(String... levels) throws StoreException {
        return MailboxPath.of(List.of(levels));
    }

    private static void assertError(StoreError error, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void maildirPlusPlusKeepsInboxAtTheRootAndFoldersAsDotDirectories() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes user = MaildirFixture.user(store, maildir())) {
            user.create(path("Folder", "Sub"));
            user.create(path("Ünïcode"));
            assertThat(maildir().resolve("cur")).isDirectory();
            assertThat(maildir().resolve(".Folder.Sub/cur")).isDirectory();
            assertThat(maildir().resolve(".Folder.Sub/new")).isDirectory();
            assertThat(maildir().resolve(".Folder.Sub/tmp")).isDirectory();
            assertThat(maildir().resolve(".Folder.Sub/maildirfolder")).isRegularFile();
            assertThat(maildir().resolve(".Folder/maildirfolder")).isRegularFile();
            assertThat(maildir().resolve(".&ANw-n&AO8-code/maildirfolder")).isRegularFile();
            assertThat(maildir().resolve("maildirfolder")).doesNotExist();
            assertError(StoreError.NO_PERMISSION, () -> user.create(path("a.b")));
            String uidvalidity = Files.readString(maildir().resolve(UidValidityCounter.FILE));
            assertThat(uidvalidity).matches("[0-9a-f]{8}");
            assertThat(maildir().resolve(UidValidityCounter.FILE + "." + uidvalidity)).exists();
            try (Mailbox m = user.open(path("Ünïcode"))) {
                assertThat(m.status().uidValidity()).isEqualTo(Long.parseLong(uidvalidity, 16));
            }
        }
    }

    @Test
    void fsLayoutNestsDirectoriesAndRefusesMaildirNames() throws Exception {
        try (MaildirStore store = MaildirFixture.store(Map.of("layout", "fs")); UserMailboxes user = MaildirFixture.user(store, maildir())) {
            user.create(path("Folder", "Sub"));
            user.create(path("a.b"));
            assertThat(maildir().resolve("Folder/Sub/cur")).isDirectory();
            assertThat(maildir().resolve("a.b/new")).isDirectory();
            assertThat(maildir().resolve("Folder/Sub/maildirfolder")).doesNotExist();
            assertError(StoreError.NO_PERMISSION, () -> user.create(path("Folder", "cur")));
            assertThat(user.list()).extracting(MailboxEntry::path).contains(path("Folder", "Sub"), path("a.b"), MailboxPath.INBOX);
            user.delete(path("Folder"));
            assertThat(user.list()).contains(new MailboxEntry(path("Folder"), Set.of(MailboxAttribute.NOSELECT, MailboxAttribute.HAS_CHILDREN)));
            assertError(StoreError.NOT_FOUND, () -> user.open(path("Folder")));
            user.rename(path("Folder"), path("Moved"));
            assertThat(maildir().resolve("Moved/Sub/cur")).isDirectory();
        }
    }

    @Test
    void messageFilesAreNamedAndStoredLikeDovecotDoes() throws Exception {
        Instant date = Instant.parse("2023-05-06T07:08:09Z");
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes user = MaildirFixture.user(store, maildir());
             Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long plain = inbox.append(new AppendRequest(message("plain"), Flags.NONE, date, true)).uid();
            long flagged = inbox.append(new AppendRequest(message("flagged"),
                    new Flags(Set.of(SystemFlag.SEEN, SystemFlag.FLAGGED, SystemFlag.ANSWERED), Set.of("Work", "$Forwarded")), date, true)).uid();
            try (var news = Files.list(maildir().resolve("new"))) {
                Path p = news.findFirst().orElseThrow();
                assertThat(p.getFileName().toString()).matches("\\d+\\.M\\d+P\\d+\\.[^,:/]+,S=\\d+,W=\\d+");
                assertThat(Files.getLastModifiedTime(p).toInstant()).isEqualTo(date);
                assertThat(MaildirName.parse(p.getFileName().toString()).size()).isEqualTo(Files.size(p));
            }
            String keywords = Files.readString(maildir().resolve(KeywordsFile.FILE));
            assertThat(keywords).matches("0 (\\$Forwarded|Work)\n1 (\\$Forwarded|Work)\n");
            try (var cur = Files.list(maildir().resolve("cur"))) {
                assertThat(cur.findFirst().orElseThrow().getFileName().toString()).endsWith(":2,FRSab");
            }
            inbox.updateFlags(UidSet.of(plain), FlagUpdate.add(new Flags(Set.of(SystemFlag.DRAFT), Set.of("Work"))), OptionalLong.empty());
            assertThat(IndexAndSyncTest.find(maildir(), inbox.messages(UidSet.of(plain)).get(0).guid()).toString())
                    .matches(".*/cur/[^/]+:2,D[ab]");
            String uidlist = Files.readString(maildir().resolve(UidList.FILE), StandardCharsets.UTF_8);
            assertThat(uidlist).matches("(?s)3 V\\d+ N\\d+ G[0-9a-f]{32}\n" + plain + " :[^\n:]+,W=\\d+\n" + flagged + " :[^\n:]+,W=\\d+\n");
            inbox.expunge(UidSet.of(plain));
            assertThat(Files.readString(maildir().resolve(UidList.FILE))).doesNotContain("\n" + plain + " :");
        }
    }

    @Test
    void subscriptionsAreWrittenInDovecotsVersion2Format() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes user = MaildirFixture.user(store, maildir())) {
            user.subscribe(MailboxPath.INBOX);
            user.subscribe(path("Folder", "Sub"));
            user.subscribe(path("Ünïcode"));
            assertThat(Files.readString(maildir().resolve(SubscriptionsFile.FILE)))
                    .isEqualTo("V\t2\n\nFolder\tSub\nINBOX\n&ANw-n&AO8-code\n");
        }
    }

    @Test
    void deletingAParentLeavesItNoselectAndRenameMovesChildren() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes user = MaildirFixture.user(store, maildir())) {
            user.create(path("Work", "2024"));
            try (Mailbox child = user.open(path("Work", "2024"))) {
                user.delete(path("Work"));
                assertThat(child.append(AppendRequest.of(message("still here"))).uid()).isEqualTo(1);
            }
            assertThat(user.list()).contains(new MailboxEntry(path("Work"), Set.of(MailboxAttribute.NOSELECT, MailboxAttribute.HAS_CHILDREN)));
            assertThat(maildir().resolve(".Work")).doesNotExist();
            assertError(StoreError.NOT_POSSIBLE, () -> user.delete(path("Work")));
            user.rename(path("Work"), path("Jobs"));
            assertThat(maildir().resolve(".Jobs.2024/cur")).isDirectory();
            assertThat(user.list()).extracting(MailboxEntry::path).contains(path("Jobs", "2024")).doesNotContain(path("Work", "2024"));
            assertError(StoreError.EXISTS, () -> user.rename(path("Jobs", "2024"), MailboxPath.INBOX));
        }
    }

    @Test
    void renamingInboxMovesItsMessagesAndCopyHardLinks() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes user = MaildirFixture.user(store, maildir())) {
            try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
                inbox.append(new AppendRequest(message("a"), Flags.of(SystemFlag.SEEN), null, true));
                inbox.append(AppendRequest.of(message("b")));
            }
            user.rename(MailboxPath.INBOX, path("Old"));
            try (Mailbox inbox = user.open(MailboxPath.INBOX); Mailbox old = user.open(path("Old"))) {
                assertThat(inbox.status().messages()).isZero();
                List<MessageInfo> moved = old.messages(UidSet.all());
                assertThat(moved).hasSize(2);
                assertThat(moved.get(0).flags().has(SystemFlag.SEEN)).isTrue();
                old.copyTo(UidSet.of(moved.get(0).uid()), inbox);
                Path copy = IndexAndSyncTest.find(maildir(), inbox.messages(UidSet.all()).get(0).guid());
                assertThat(Files.getAttribute(copy, "unix:nlink")).isEqualTo(2);
            }
        }
    }

    @Test
    void keywordsBeyondTwentySixLiveInTheIndexOnlyAsInDovecot() throws Exception {
        Set<String> many = new TreeSet<>();
        for (int i = 0; i < 28; i++) {
            many.add("kw" + (char) ('A' + i / 10) + i);
        }
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes user = MaildirFixture.user(store, maildir());
             Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long uid = inbox.append(AppendRequest.of(message("k"))).uid();
            inbox.updateFlags(UidSet.of(uid), FlagUpdate.add(new Flags(Set.of(), many)), OptionalLong.empty());
            assertThat(inbox.messages(UidSet.of(uid)).get(0).flags().keywords()).hasSize(28);
            assertThat(Files.readAllLines(maildir().resolve(KeywordsFile.FILE))).hasSize(26);
            String name = IndexAndSyncTest.find(maildir(), inbox.messages(UidSet.of(uid)).get(0).guid()).getFileName().toString();
            assertThat(MaildirName.parse(name).flags()).isEqualTo("abcdefghijklmnopqrstuvwxyz");
        }
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes user = MaildirFixture.user(store, maildir());
             Mailbox inbox = user.open(MailboxPath.INBOX)) {
            assertThat(inbox.messages(UidSet.all()).get(0).flags().keywords()).hasSize(28);
        }
    }
}
