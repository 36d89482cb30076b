package org.colombier.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every storage driver must have, written once. A driver's test extends this class
 * and says how to open its store; the suite is shipped in the api test-jar.
 */
@Timeout(60)
public abstract class MailStoreContract {
    @TempDir
    protected Path root;
    protected MailStore store;
    protected UserMailboxes user;

    /** Opens the driver under test. */
    protected abstract MailStore openStore() throws StoreException;

    protected MailUser mailUser(String name) {
        Path home = root.resolve(name);
        return new MailUser(name, home, home.resolve("mail"), Map.of());
    }

    @BeforeEach
    void openUser() throws Exception {
        store = openStore();
        user = store.forUser(mailUser("alice"));
    }

    @AfterEach
    void closeUser() {
        user.close();
        store.close();
    }

    protected static MessageSource message(String subject) {
        return MessageSource.of(("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nbody of " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    protected static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void inboxAlwaysExists() throws Exception {
        assertThat(user.list()).extracting(MailboxEntry::path).contains(MailboxPath.INBOX);
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            assertThat(inbox.status().messages()).isZero();
        }
    }

    @Test
    void appendedMessageReadsBackByteForByte() throws Exception {
        Instant date = Instant.parse("2024-03-01T10:15:30Z");
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            MessageInfo info = inbox.append(new AppendRequest(message("hello"), Flags.of(SystemFlag.SEEN), date, true));
            assertThat(read(inbox.openMessage(info.uid()))).isEqualTo(read(message("hello").open()));
            MessageInfo listed = inbox.messages(UidSet.all()).get(0);
            assertThat(listed.uid()).isEqualTo(info.uid());
            assertThat(listed.flags().has(SystemFlag.SEEN)).isTrue();
            assertThat(listed.internalDate().truncatedTo(ChronoUnit.SECONDS)).isEqualTo(date);
            assertThat(listed.virtualSize()).isEqualTo(message("hello").size());
        }
    }

    @Test
    void uidsStrictlyIncreaseAndAreNeverReused() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long first = inbox.append(AppendRequest.of(message("1"))).uid();
            long second = inbox.append(AppendRequest.of(message("2"))).uid();
            assertThat(second).isGreaterThan(first);
            inbox.expunge(UidSet.of(second));
            long third = inbox.append(AppendRequest.of(message("3"))).uid();
            assertThat(third).isGreaterThan(second);
            assertThat(inbox.status().uidNext()).isGreaterThan(third);
        }
    }

    @Test
    void everyChangeBumpsTheModSeq() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long uid = inbox.append(AppendRequest.of(message("m"))).uid();
            long afterAppend = inbox.status().highestModSeq();
            inbox.updateFlags(UidSet.of(uid), FlagUpdate.add(Flags.of(SystemFlag.FLAGGED)), OptionalLong.empty());
            long afterFlags = inbox.status().highestModSeq();
            assertThat(afterFlags).isGreaterThan(afterAppend);
            inbox.expunge(UidSet.of(uid));
            assertThat(inbox.status().highestModSeq()).isGreaterThan(afterFlags);
        }
    }

    @Test
    void changesSinceReportsNewFlaggedAndExpungedMessages() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long a = inbox.append(AppendRequest.of(message("a"))).uid();
            long b = inbox.append(AppendRequest.of(message("b"))).uid();
            long mark = inbox.status().highestModSeq();
            long c = inbox.append(AppendRequest.of(message("c"))).uid();
            inbox.updateFlags(UidSet.of(a), FlagUpdate.add(Flags.of(SystemFlag.SEEN)), OptionalLong.empty());
            inbox.expunge(UidSet.of(b));
            Changes changes = inbox.changesSince(mark);
            assertThat(changes.changed()).extracting(MessageInfo::uid).containsExactly(a, c);
            assertThat(changes.expunged().contains(b)).isTrue();
            assertThat(changes.highestModSeq()).isEqualTo(inbox.status().highestModSeq());
            assertThat(inbox.changesSince(changes.highestModSeq()).isEmpty()).isTrue();
        }
    }

    @Test
    void keywordsAreStoredAndRemoved() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long uid = inbox.append(AppendRequest.of(message("k"))).uid();
            inbox.updateFlags(UidSet.of(uid), FlagUpdate.add(new Flags(Set.of(), Set.of("$Forwarded", "Work"))), OptionalLong.empty());
            assertThat(inbox.messages(UidSet.of(uid)).get(0).flags().keywords()).containsExactlyInAnyOrder("$Forwarded", "Work");
            inbox.updateFlags(UidSet.of(uid), FlagUpdate.remove(new Flags(Set.of(), Set.of("work"))), OptionalLong.empty());
            assertThat(inbox.messages(UidSet.of(uid)).get(0).flags().keywords()).containsExactly("$Forwarded");
        }
    }

    @Test
    void unchangedSinceLeavesNewerMessagesAlone() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long uid = inbox.append(AppendRequest.of(message("c"))).uid();
            long before = inbox.status().highestModSeq();
            inbox.updateFlags(UidSet.of(uid), FlagUpdate.add(Flags.of(SystemFlag.SEEN)), OptionalLong.empty());
            FlagUpdateResult r = inbox.updateFlags(UidSet.of(uid), FlagUpdate.add(Flags.of(SystemFlag.FLAGGED)),
                    OptionalLong.of(before));
            assertThat(r.modified().contains(uid)).isTrue();
            assertThat(inbox.messages(UidSet.of(uid)).get(0).flags().has(SystemFlag.FLAGGED)).isFalse();
        }
    }

    @Test
    void openingAnExpungedMessageIsExpunged() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long uid = inbox.append(AppendRequest.of(message("x"))).uid();
            inbox.expunge(UidSet.of(uid));
            assertThatThrownBy(() -> inbox.openMessage(uid))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.EXPUNGED));
        }
    }

    @Test
    void copyKeepsFlagsAndReportsUidMapping() throws Exception {
        MailboxPath archive = MailboxPath.of(List.of("Archive"));
        user.create(archive);
        try (Mailbox inbox = user.open(MailboxPath.INBOX); Mailbox target = user.open(archive)) {
            long uid = inbox.append(new AppendRequest(message("c"), Flags.of(SystemFlag.ANSWERED), null, true)).uid();
            CopyResult r = inbox.copyTo(UidSet.of(uid), target);
            assertThat(r.sourceUids()).isEqualTo(UidSet.of(uid));
            assertThat(r.targetUidValidity()).isEqualTo(target.status().uidValidity());
            MessageInfo copied = target.messages(r.targetUids()).get(0);
            assertThat(copied.flags().has(SystemFlag.ANSWERED)).isTrue();
            assertThat(inbox.status().messages()).isEqualTo(1);
        }
    }

    @Test
    void moveRemovesTheOriginal() throws Exception {
        MailboxPath archive = MailboxPath.of(List.of("Archive"));
        user.create(archive);
        try (Mailbox inbox = user.open(MailboxPath.INBOX); Mailbox target = user.open(archive)) {
            long uid = inbox.append(AppendRequest.of(message("m"))).uid();
            inbox.moveTo(UidSet.of(uid), target);
            assertThat(inbox.status().messages()).isZero();
            assertThat(target.status().messages()).isEqualTo(1);
        }
    }

    @Test
    void createListRenameDelete() throws Exception {
        MailboxPath work = MailboxPath.of(List.of("Work"));
        MailboxPath sub = MailboxPath.of(List.of("Work", "Projects"));
        user.create(sub);
        assertThat(user.list()).extracting(MailboxEntry::path).contains(work, sub);
        assertThatThrownBy(() -> user.create(sub))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.EXISTS));
        MailboxPath renamed = MailboxPath.of(List.of("Jobs"));
        user.rename(work, renamed);
        assertThat(user.list()).extracting(MailboxEntry::path)
                .contains(renamed, MailboxPath.of(List.of("Jobs", "Projects")))
                .doesNotContain(work, sub);
        user.delete(MailboxPath.of(List.of("Jobs", "Projects")));
        assertThat(user.list()).extracting(MailboxEntry::path).doesNotContain(MailboxPath.of(List.of("Jobs", "Projects")));
    }

    @Test
    void deletingInboxIsNotPossible() {
        assertThatThrownBy(() -> user.delete(MailboxPath.INBOX))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.NOT_POSSIBLE));
    }

    @Test
    void openingAMissingMailboxIsNotFound() {
        assertThatThrownBy(() -> user.open(MailboxPath.of(List.of("Nope"))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.NOT_FOUND));
    }

    @Test
    void subscriptionsPersist() throws Exception {
        MailboxPath sent = MailboxPath.of(List.of("Sent"));
        user.create(sent);
        user.subscribe(sent);
        user.close();
        user = store.forUser(mailUser("alice"));
        assertThat(user.subscriptions()).contains(sent);
        user.unsubscribe(sent);
        assertThat(user.subscriptions()).doesNotContain(sent);
    }

    @Test
    void recentIsClaimedOnce() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long uid = inbox.append(AppendRequest.of(message("r"))).uid();
            assertThat(inbox.status().recent()).isEqualTo(1);
            assertThat(inbox.claimRecent()).isLessThanOrEqualTo(uid);
            assertThat(inbox.claimRecent()).isGreaterThan(uid);
            assertThat(inbox.status().recent()).isZero();
        }
    }

    @Test
    void cachedValuesAreKeptPerMessage() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long uid = inbox.append(AppendRequest.of(message("c"))).uid();
            assertThat(inbox.cached(uid, "envelope")).isEmpty();
            inbox.cache(uid, "envelope", new byte[] {1, 2, 3});
            assertThat(inbox.cached(uid, "envelope")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
        }
    }

    @Test
    void cachedValuesAreReadAndWrittenInBulkSurviveAReopenAndGoWithTheirMessage() throws Exception {
        long a;
        long b;
        long c;
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            a = inbox.append(AppendRequest.of(message("a"))).uid();
            b = inbox.append(AppendRequest.of(message("b"))).uid();
            c = inbox.append(AppendRequest.of(message("c"))).uid();
            inbox.cache("search", Map.of(a, new byte[] {1}, c, new byte[] {3}));
            inbox.cache(b, "other", new byte[] {2});
            Map<Long, byte[]> found = inbox.cached(UidSet.all(), "search");
            assertThat(found).containsOnlyKeys(a, c);
            assertThat(found.get(c)).containsExactly(3);
            assertThat(inbox.cached(UidSet.range(b, c), "search")).containsOnlyKeys(c);
            assertThat(inbox.cached(a, "search")).hasValueSatisfying(v -> assertThat(v).containsExactly(1));

            inbox.updateFlags(UidSet.of(a), FlagUpdate.add(Flags.of(SystemFlag.DELETED)), OptionalLong.empty());
            inbox.expunge(UidSet.of(a));
            assertThat(inbox.cached(UidSet.all(), "search")).containsOnlyKeys(c);
            assertThat(inbox.cached(a, "search")).isEmpty();
            inbox.cache("search", Map.of(a, new byte[] {9}, b, new byte[] {2})); // a is gone: skipped
            assertThat(inbox.cached(UidSet.all(), "search")).containsOnlyKeys(b, c);
        }
        user.close();
        store.close();
        store = openStore();
        user = store.forUser(mailUser("alice"));
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            Map<Long, byte[]> found = inbox.cached(UidSet.all(), "search");
            assertThat(found).containsOnlyKeys(b, c);
            assertThat(found.get(b)).containsExactly(2);
            assertThat(inbox.cached(b, "other")).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
        }
    }

    @Test
    void listenersHearOfChangesMadeBySessionsOfThisProcess() throws Exception {
        AtomicLong heard = new AtomicLong();
        try (Mailbox watcher = user.open(MailboxPath.INBOX);
             AutoCloseable sub = watcher.subscribe((path, modSeq) -> heard.set(modSeq));
             UserMailboxes other = store.forUser(mailUser("alice"));
             Mailbox writer = other.open(MailboxPath.INBOX)) {
            writer.append(AppendRequest.of(message("n")));
            assertThat(heard.get()).isEqualTo(writer.status().highestModSeq());
        }
    }

    @Test
    void usersDoNotSeeEachOthersMail() throws Exception {
        try (Mailbox inbox = user.open(MailboxPath.INBOX)) {
            inbox.append(AppendRequest.of(message("private")));
        }
        try (UserMailboxes bob = store.forUser(mailUser("bob")); Mailbox bobInbox = bob.open(MailboxPath.INBOX)) {
            assertThat(bobInbox.status().messages()).isZero();
        }
    }
}
