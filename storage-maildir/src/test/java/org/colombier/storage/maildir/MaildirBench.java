package org.colombier.storage.maildir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.StorageBench;

/**
 * A benchmark harness, not a test: append rate (synced and not), then on a mailbox of
 * {@code messages} messages the open + status, a metadata read of every message, and
 * changesSince after one change, checking that the last two open no message file; then STORE and
 * EXPUNGE commands on that mailbox, the open + full metadata read of a restarted store, and, once
 * every message has cached values, SELECT after a restart and again after the session closed.
 * Usage (see README.md): {@code MaildirBench <empty work dir> [messages] [synced appends]}.
 */
public final class MaildirBench {
    private MaildirBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int synced = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        Files.createDirectories(work);

        try (MaildirStore store = store("optimized"); UserMailboxes u = MaildirFixture.user(store, work.resolve("synced/Maildir"));
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            StorageBench.appendSynced(inbox, synced, "append, mail_fsync=optimized (file + dir + uidlist synced)");
        }

        Path big = work.resolve("big/Maildir");
        try (MaildirStore store = store("never"); UserMailboxes u = MaildirFixture.user(store, big);
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            StorageBench.fillUnsynced(inbox, messages);
        }
        Thread.sleep(1100); // past the 1 s window in which directory mtimes are not trusted

        long t = System.nanoTime();
        try (MaildirStore store = store("optimized"); UserMailboxes u = MaildirFixture.user(store, big);
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            StorageBench.openAndStatus(inbox, t, "first after writing (one directory rescan)");
        }

        t = System.nanoTime();
        try (MaildirStore store = store("optimized"); UserMailboxes u = MaildirFixture.user(store, big);
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            StorageBench.openAndStatus(inbox, t, "from the index (3 stats, no rescan)");
            StorageBench.readsFromTheIndex(inbox, store::messageFileOpens);
            commands(inbox, messages);
            Thread.sleep(1100);
            Clock c = Clock.start();
            inbox.status();
            System.out.printf("status 1 s after the last change (recheck of cur/ changed within 1 s of its stamp): %s%n", c.elapsed(1));
        }

        // a restarted server: a fresh store loads the index (and the uidlist if it must) from disk
        Clock c = Clock.start();
        try (MaildirStore store = store("optimized"); UserMailboxes u = MaildirFixture.user(store, big);
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            MailboxStatus st = inbox.status();
            inbox.claimRecent();
            System.out.printf("after restart, open + status + claimRecent (SELECT): %s (%d messages)%n", c.elapsed(1), st.messages());
            c = Clock.start();
            int n = inbox.messages(UidSet.all()).size();
            System.out.printf("after restart, messages(1:*) (UID FETCH 1:* (UID FLAGS)): %s for %d messages%n", c.elapsed(1), n);
        }
        reopenWithCachedValues(big);
    }

    /**
     * The IMAP server caches ENVELOPE, BODYSTRUCTURE and search headers for every message; then a
     * restarted store SELECTs the mailbox, the session logs out, and a second session SELECTs it again.
     */
    private static void reopenWithCachedValues(Path big) throws Exception {
        try (MaildirStore store = store("optimized"); UserMailboxes u = MaildirFixture.user(store, big);
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            Clock c = Clock.start();
            List<Long> uids = new ArrayList<>();
            inbox.messages(UidSet.all()).forEach(m -> uids.add(m.uid()));
            for (String field : List.of("envelope", "bodystructure", "headers")) {
                byte[] value = new byte[field.equals("envelope") ? 600 : field.equals("bodystructure") ? 300 : 200];
                Arrays.fill(value, (byte) 'x');
                Map<Long, byte[]> values = new HashMap<>();
                for (long uid : uids) {
                    values.put(uid, value);
                }
                inbox.cache(field, values);
            }
            System.out.printf("caching 3 values for %d messages: %s, index now %d bytes%n", uids.size(), c.elapsed(1),
                    Files.size(big.resolve(MailboxIndex.FILE)));
        }
        long kept;
        try (MaildirStore store = store("optimized"); UserMailboxes u = MaildirFixture.user(store, big)) {
            for (String which : List.of("first SELECT after restart", "second SELECT after the first logged out",
                    "third SELECT after the second logged out")) {
                Clock c = Clock.start();
                try (Mailbox inbox = u.open(MailboxPath.INBOX)) {
                    MailboxStatus st = inbox.status();
                    inbox.claimRecent();
                    System.out.printf("with cached values, %s (open + status + claimRecent): %s (%d messages)%n", which,
                            c.elapsed(1), st.messages());
                }
            }
            try (Mailbox inbox = u.open(MailboxPath.INBOX)) {
                Clock c = Clock.start();
                int n = inbox.cached(UidSet.all(), "envelope").size();
                System.out.printf("with cached values, cached(1:*, envelope) (FETCH 1:* ENVELOPE from the cache): %s for %d values%n",
                        c.elapsed(1), n);
            }
            kept = usedHeap();
        }
        System.out.printf("heap held by the idle state of %s: %.1f MB%n", big, (kept - usedHeap()) / 1e6);
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Wall and this thread's CPU time (user + system) from {@link #start()}: CPU time is less skewed by a loaded machine. */
    private record Clock(long wallNanos, long cpuNanos) {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        static Clock start() {
            return new Clock(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
        }

        /** The time since the start, divided by {@code n} (commands). */
        String elapsed(int n) {
            return String.format("%.2f ms wall, %.2f ms CPU", (System.nanoTime() - wallNanos) / 1e6 / n,
                    (THREADS.getCurrentThreadCpuTime() - cpuNanos) / 1e6 / n);
        }
    }

    /** STORE on 1 and on 1,000 messages, EXPUNGE of 1 and of 1,000, each one synced command, mid-mailbox. */
    private static void commands(Mailbox inbox, int messages) throws Exception {
        int rounds = 50;
        long base = messages / 4;
        Clock c = Clock.start();
        for (int i = 0; i < rounds; i++) {
            inbox.updateFlags(UidSet.of(base + i), FlagUpdate.add(Flags.of(SystemFlag.ANSWERED)), OptionalLong.empty());
        }
        System.out.printf("STORE +FLAGS on 1 message: %s per command (mean of %d)%n", c.elapsed(rounds), rounds);

        long from = messages / 2;
        c = Clock.start();
        int changed = inbox.updateFlags(UidSet.range(from, from + 999), FlagUpdate.add(Flags.of(SystemFlag.DRAFT)),
                OptionalLong.empty()).updated().size();
        System.out.printf("STORE +FLAGS on 1,000 messages: %s (%d changed)%n", c.elapsed(1), changed);

        c = Clock.start();
        for (int i = 0; i < rounds; i++) {
            inbox.expunge(UidSet.of(base + rounds + i));
        }
        System.out.printf("EXPUNGE of 1 message: %s per command (mean of %d)%n", c.elapsed(rounds), rounds);

        c = Clock.start();
        long removed = inbox.expunge(UidSet.range(from, from + 999)).size();
        System.out.printf("EXPUNGE of 1,000 messages: %s (%d removed)%n", c.elapsed(1), removed);
    }

    private static MaildirStore store(String fsync) throws Exception {
        return new MaildirStore(new MailStoreSettings("maildir", fsync, Map.of()));
    }
}
