package org.colombier.storage.sdbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.StorageBench;

/**
 * A benchmark harness, not a test, with the same measurements as the maildir driver's
 * MaildirBench: append rate (synced and not), then on a mailbox of {@code messages} messages the
 * open + status, a metadata read of every message, and changesSince after one change, checking
 * that the last two open no message file.
 * Usage (see README.md): {@code SdboxBench <empty work dir> [messages] [synced appends]}.
 */
public final class SdboxBench {
    private SdboxBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int synced = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        Files.createDirectories(work);

        try (SdboxStore store = store("optimized"); UserMailboxes u = user(store, work.resolve("synced/sdbox"));
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            StorageBench.appendSynced(inbox, synced, "append, mail_fsync=optimized (file + dir + index log synced)");
        }

        Path big = work.resolve("big/sdbox");
        try (SdboxStore store = store("never"); UserMailboxes u = user(store, big); Mailbox inbox = u.open(MailboxPath.INBOX)) {
            StorageBench.fillUnsynced(inbox, messages);
        }

        long t = System.nanoTime();
        try (SdboxStore store = store("optimized"); UserMailboxes u = user(store, big); Mailbox inbox = u.open(MailboxPath.INBOX)) {
            StorageBench.openAndStatus(inbox, t, "replay of dovecot.index.log + our colombier.index");
            StorageBench.readsFromTheIndex(inbox, SdboxStore::messageFileOpens);
        }
    }

    private static UserMailboxes user(SdboxStore store, Path root) throws Exception {
        return store.forUser(new MailUser("bench", root.getParent(), root, Map.of()));
    }

    private static SdboxStore store(String fsync) {
        return new SdboxStore(new MailStoreSettings("sdbox", fsync, Map.of()));
    }
}
