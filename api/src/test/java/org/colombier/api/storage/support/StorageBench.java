package org.colombier.api.storage.support;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Changes;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;

/**
 * The measurements the drivers' benchmark harnesses (MaildirBench, SdboxBench) share, through the
 * SPI: append rates, then a metadata read of every message and changesSince after one change,
 * with the count of message files those two reads opened (they should open none).
 */
public final class StorageBench {
    private static final MessageSource MESSAGE = MessageSource.of(("From: bench@example.org\r\nTo: you@example.org\r\n"
            + "Subject: benchmark message\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n" + "Lorem ipsum dolor sit amet.\r\n".repeat(60))
            .getBytes(StandardCharsets.US_ASCII));

    private StorageBench() {
    }

    /** Appends {@code count} messages to a mailbox of a synced store and reports the rate as {@code what}. */
    public static void appendSynced(Mailbox inbox, int count, String what) throws Exception {
        long t = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inbox.append(AppendRequest.of(MESSAGE));
        }
        report(what, count, System.nanoTime() - t);
    }

    /** Fills a mailbox of an unsynced store with {@code count} messages, every other one {@code \Seen}. */
    public static void fillUnsynced(Mailbox inbox, int count) throws Exception {
        long t = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inbox.append(new AppendRequest(MESSAGE, i % 2 == 0 ? Flags.of(SystemFlag.SEEN) : Flags.NONE, null, true));
        }
        report("append, mail_fsync=never", count, System.nanoTime() - t);
    }

    /** Prints the time of an open + status that started at {@code startNanos}, labelled {@code what}. */
    public static MailboxStatus openAndStatus(Mailbox inbox, long startNanos, String what) throws Exception {
        MailboxStatus st = inbox.status();
        System.out.printf("open + status, %s: %.1f ms (%d messages)%n", what, (System.nanoTime() - startNanos) / 1e6, st.messages());
        return st;
    }

    /** Times messages(1:*) and changesSince after one flag change; {@code messageFileOpens} counts the driver's file opens. */
    public static void readsFromTheIndex(Mailbox inbox, LongSupplier messageFileOpens) throws Exception {
        MailboxStatus st = inbox.status();
        long opens = messageFileOpens.getAsLong();
        long t = System.nanoTime();
        int n = inbox.messages(UidSet.all()).size();
        System.out.printf("messages(1:*) metadata: %.1f ms for %d messages%n", (System.nanoTime() - t) / 1e6, n);

        long mark = st.highestModSeq();
        inbox.updateFlags(UidSet.of(st.uidNext() / 2), FlagUpdate.add(Flags.of(SystemFlag.FLAGGED)), OptionalLong.empty());
        t = System.nanoTime();
        Changes changes = inbox.changesSince(mark);
        System.out.printf("changesSince after 1 change: %.3f ms (%d changed)%n", (System.nanoTime() - t) / 1e6, changes.changed().size());
        System.out.printf("message files opened by the two reads above: %d%n", messageFileOpens.getAsLong() - opens);
    }

    private static void report(String what, int count, long nanos) {
        System.out.printf("%s: %d in %.1f s = %.0f/s%n", what, count, nanos / 1e9, count / (nanos / 1e9));
    }
}
