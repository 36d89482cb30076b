package org.colombier.storage.sdbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Changes;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;

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

    private static final MessageSource MESSAGE = MessageSource.of(("From: bench@example.org\r\nTo: you@example.org\r\n"
            + "Subject: benchmark message\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n" + "Lorem ipsum dolor sit amet.\r\n".repeat(60))
            .getBytes(StandardCharsets.US_ASCII));

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int synced = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        Files.createDirectories(work);

        try (SdboxStore store = store("optimized"); UserMailboxes u = user(store, work.resolve("synced/sdbox"));
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            long t = System.nanoTime();
            for (int i = 0; i < synced; i++) {
                inbox.append(AppendRequest.of(MESSAGE));
            }
            report("append, mail_fsync=optimized (file + dir + index log synced)", synced, System.nanoTime() - t);
        }

        Path big = work.resolve("big/sdbox");
        try (SdboxStore store = store("never"); UserMailboxes u = user(store, big); Mailbox inbox = u.open(MailboxPath.INBOX)) {
            long t = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                inbox.append(new AppendRequest(MESSAGE, i % 2 == 0 ? Flags.of(SystemFlag.SEEN) : Flags.NONE, null, true));
            }
            report("append, mail_fsync=never", messages, System.nanoTime() - t);
        }

        long t = System.nanoTime();
        try (SdboxStore store = store("optimized"); UserMailboxes u = user(store, big); Mailbox inbox = u.open(MailboxPath.INBOX)) {
            MailboxStatus st = inbox.status();
            System.out.printf("open + status (replay of dovecot.index.log + our colombier.index): %.1f ms (%d messages)%n",
                    (System.nanoTime() - t) / 1e6, st.messages());

            long opens = SdboxStore.messageFileOpens();
            t = System.nanoTime();
            int n = inbox.messages(UidSet.all()).size();
            System.out.printf("messages(1:*) metadata: %.1f ms for %d messages%n", (System.nanoTime() - t) / 1e6, n);

            long mark = inbox.status().highestModSeq();
            inbox.updateFlags(UidSet.of(st.uidNext() / 2), FlagUpdate.add(Flags.of(SystemFlag.FLAGGED)), OptionalLong.empty());
            t = System.nanoTime();
            Changes changes = inbox.changesSince(mark);
            System.out.printf("changesSince after 1 change: %.3f ms (%d changed)%n", (System.nanoTime() - t) / 1e6, changes.changed().size());
            System.out.printf("message files opened by the two reads above: %d%n", SdboxStore.messageFileOpens() - opens);
        }
    }

    private static UserMailboxes user(SdboxStore store, Path root) throws Exception {
        return store.forUser(new MailUser("bench", root.getParent(), root, Map.of()));
    }

    private static SdboxStore store(String fsync) {
        return new SdboxStore(new MailStoreSettings("sdbox", fsync, Map.of()));
    }

    private static void report(String what, int count, long nanos) {
        System.out.printf("%s: %d in %.1f s = %.0f/s%n", what, count, nanos / 1e9, count / (nanos / 1e9));
    }
}
