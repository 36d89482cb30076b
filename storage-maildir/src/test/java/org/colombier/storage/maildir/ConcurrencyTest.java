package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colombier.storage.maildir.MaildirFixture.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers on one mailbox. Two {@link MaildirStore}s on the same directory share nothing in
 * memory, so they meet only through the files and the uidlist dotlock, as two processes would.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
    @TempDir
    Path home;

    private static <T> List<T> runAll(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(100, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAppendsFromTwoStoresLoseNothingAndNeverShareAUid() throws Exception {
        Path maildir = home.resolve("Maildir");
        Set<Long> uids = ConcurrentHashMap.newKeySet();
        try (MaildirStore a = MaildirFixture.store(); MaildirStore b = MaildirFixture.store()) {
            MaildirFixture.user(a, maildir).close();
            int perThread = 40;
            AtomicInteger started = new AtomicInteger();
            List<Integer> counts = runAll(6, () -> {
                MaildirStore mine = started.getAndIncrement() % 2 == 0 ? a : b;
                int n = 0;
                try (UserMailboxes u = MaildirFixture.user(mine, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
                    for (int i = 0; i < perThread; i++) {
                        assertThat(uids.add(inbox.append(AppendRequest.of(message("m" + i))).uid())).isTrue();
                        n++;
                    }
                }
                return n;
            });
            assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6 * perThread);
            for (MaildirStore s : List.of(a, b)) {
                try (UserMailboxes u = MaildirFixture.user(s, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
                    assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactlyInAnyOrderElementsOf(uids);
                    assertThat(inbox.status().uidNext()).isGreaterThan(uids.stream().mapToLong(Long::longValue).max().orElseThrow());
                }
            }
        }
        UidList list = UidList.read(maildir.resolve(UidList.FILE));
        Set<Long> listed = new HashSet<>();
        long last = 0;
        for (UidList.Entry e : list.entries()) {
            assertThat(e.uid()).isGreaterThan(last);
            last = e.uid();
            listed.add(e.uid());
        }
        assertThat(listed).isEqualTo(uids);
    }

    @Test
    void uidlistRewritesByOneStoreKeepTheRecordsTheOtherIsAppending() throws Exception {
        Path maildir = home.resolve("Maildir");
        Set<Long> appended = ConcurrentHashMap.newKeySet();
        try (MaildirStore a = MaildirFixture.store(); MaildirStore b = MaildirFixture.store()) {
            try (UserMailboxes u = MaildirFixture.user(a, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
                for (int i = 0; i < 40; i++) {
                    inbox.append(AppendRequest.of(message("old" + i)));
                }
            }
            int[] next = {0};
            runAll(2, () -> {
                boolean appender;
                synchronized (next) {
                    appender = next[0]++ == 0;
                }
                try (UserMailboxes u = MaildirFixture.user(appender ? a : b, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
                    for (int i = 0; i < 40; i++) {
                        if (appender) {
                            appended.add(inbox.append(AppendRequest.of(message("new" + i))).uid());
                        } else {
                            // one by one, so the uidlist is compressed several times while the other store appends
                            inbox.expunge(UidSet.of(i + 1));
                        }
                    }
                }
                return null;
            });
            Thread.sleep(1100); // past the 1 s in which a directory's mtime is not trusted
            for (MaildirStore s : List.of(a, b)) {
                try (UserMailboxes u = MaildirFixture.user(s, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
                    assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactlyInAnyOrderElementsOf(appended);
                }
            }
        }
        UidList list = UidList.read(maildir.resolve(UidList.FILE));
        assertThat(list.entries()).extracting(UidList.Entry::uid).isSorted().containsAll(appended);
        assertThat(list.entries().size()).as("compressed at least once").isLessThan(80);
        // the uidlist alone gives the same UIDs back
        Files.delete(maildir.resolve(MailboxIndex.FILE));
        try (MaildirStore c = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(c, maildir);
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactlyInAnyOrderElementsOf(appended);
            assertThat(inbox.append(AppendRequest.of(message("last"))).uid()).isEqualTo(81);
        }
    }

    @Test
    void flagChangesFromTwoStoresAreBothKept() throws Exception {
        Path maildir = home.resolve("Maildir");
        try (MaildirStore a = MaildirFixture.store(); MaildirStore b = MaildirFixture.store()) {
            try (UserMailboxes u = MaildirFixture.user(a, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
                for (int i = 0; i < 30; i++) {
                    inbox.append(AppendRequest.of(message("f" + i)));
                }
            }
            List<Flags> toAdd = List.of(Flags.of(SystemFlag.SEEN), Flags.of(SystemFlag.FLAGGED),
                    new Flags(Set.of(), Set.of("Work")), Flags.of(SystemFlag.ANSWERED));
            int[] next = {0};
            runAll(4, () -> {
                Flags mine;
                MaildirStore store;
                synchronized (next) {
                    mine = toAdd.get(next[0]);
                    store = next[0] % 2 == 0 ? a : b;
                    next[0]++;
                }
                try (UserMailboxes u = MaildirFixture.user(store, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
                    for (long uid = 1; uid <= 30; uid++) {
                        inbox.updateFlags(UidSet.of(uid), FlagUpdate.add(mine), OptionalLong.empty());
                    }
                }
                return null;
            });
            // a rename by the other store in the same clock tick as ours can hide behind our stamp;
            // like Dovecot (MAILDIR_SYNC_SECS) a directory changed within the last second is rescanned after it
            Thread.sleep(1100);
            for (MaildirStore s : List.of(a, b)) {
                try (UserMailboxes u = MaildirFixture.user(s, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
                    for (MessageInfo m : inbox.messages(UidSet.all())) {
                        assertThat(m.flags().system()).as("UID %d", m.uid())
                                .containsExactlyInAnyOrder(SystemFlag.SEEN, SystemFlag.FLAGGED, SystemFlag.ANSWERED);
                        assertThat(m.flags().keywords()).as("UID %d", m.uid()).containsExactly("Work");
                    }
                }
            }
        }
    }

    @Test
    void sessionsOfOneStoreShareOneStateAndHearEachOther() throws Exception {
        Path maildir = home.resolve("Maildir");
        try (MaildirStore store = MaildirFixture.store()) {
            Set<Long> heard = ConcurrentHashMap.newKeySet();
            try (UserMailboxes u = MaildirFixture.user(store, maildir); Mailbox watcher = u.open(MailboxPath.INBOX);
                 AutoCloseable sub = watcher.subscribe((path, modSeq) -> heard.add(modSeq))) {
                runAll(4, () -> {
                    try (UserMailboxes mine = MaildirFixture.user(store, maildir); Mailbox inbox = mine.open(MailboxPath.INBOX)) {
                        for (int i = 0; i < 25; i++) {
                            long uid = inbox.append(AppendRequest.of(message("s" + i))).uid();
                            inbox.updateFlags(UidSet.of(uid), FlagUpdate.add(Flags.of(SystemFlag.SEEN)), OptionalLong.empty());
                        }
                    }
                    return null;
                });
                assertThat(watcher.status().messages()).isEqualTo(100);
                assertThat(watcher.status().unseen()).isZero();
                assertThat(heard).contains(watcher.status().highestModSeq());
                assertThat(heard.size()).isGreaterThanOrEqualTo(100);
            }
        }
    }

    @Test
    void aMessageAnotherStoreAddedInTheSameClockTickIsSeenAtOnce() throws Exception {
        Path maildir = home.resolve("Maildir");
        try (MaildirStore a = MaildirFixture.store(); MaildirStore b = MaildirFixture.store();
             UserMailboxes ua = MaildirFixture.user(a, maildir); Mailbox seen = ua.open(MailboxPath.INBOX)) {
            seen.append(AppendRequest.of(message("first")));
            assertThat(seen.messages(UidSet.all())).hasSize(1);
            var newTime = Files.getLastModifiedTime(maildir.resolve("new"));
            var curTime = Files.getLastModifiedTime(maildir.resolve("cur"));
            long uid;
            try (UserMailboxes ub = MaildirFixture.user(b, maildir); Mailbox other = ub.open(MailboxPath.INBOX)) {
                uid = other.append(AppendRequest.of(message("second"))).uid();
            }
            // a file system with coarse timestamps: the directories look untouched
            Files.setLastModifiedTime(maildir.resolve("new"), newTime);
            Files.setLastModifiedTime(maildir.resolve("cur"), curTime);
            assertThat(seen.messages(UidSet.all())).extracting(MessageInfo::uid).contains(uid);
        }
    }
}
