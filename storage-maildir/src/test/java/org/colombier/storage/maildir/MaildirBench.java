package org.colombier.storage.maildir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.StorageBench;

/**
 * A benchmark harness, not a test: append rate (synced and not), then on a mailbox of
 * {@code messages} messages the open + status, a metadata read of every message, and
 * changesSince after one change, checking that the last two open no message file.
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
        }
    }

    private static MaildirStore store(String fsync) throws Exception {
        return new MaildirStore(new MailStoreSettings("maildir", fsync, Map.of()));
    }
}
