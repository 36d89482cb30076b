package org.colombier.server.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.colombier.api.storage.Changes;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.SequenceSet;

/**
 * A session's view of its selected mailbox (RFC 3501 5.2, 7.4.1): the UIDs by sequence number as
 * the client knows them, its {@code \Recent} messages, the keywords it was told about, and the
 * expunges it has not been told yet. The view moves forward only through {@link #sync}, which asks
 * the store what changed since the modseq the client last heard of; no rescan.
 */
public final class SelectedMailbox implements AutoCloseable {
    private final Mailbox mailbox;
    private final boolean readOnly;
    private final long uidValidity;
    private long[] uids;
    private int count;
    private UidSet recent = UidSet.empty();
    private long knownModSeq;
    private boolean condStore;
    private final Set<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    /** Modseqs of our own flag changes, already reported to the client. */
    private final Map<Long, Long> ownModSeq = new HashMap<>();
    private final TreeSet<Long> pendingExpunges = new TreeSet<>();
    /** The sequence number of the first message without {@code \Seen} when the view was opened, 0 if none. */
    private final int firstUnseen;
    private final AutoCloseable subscription;
    private volatile Runnable changeHook;

    private SelectedMailbox(Mailbox mailbox, boolean readOnly, long uidValidity, long modSeq, List<MessageInfo> infos) {
        this.mailbox = mailbox;
        this.readOnly = readOnly;
        this.uidValidity = uidValidity;
        this.knownModSeq = modSeq;
        this.uids = new long[Math.max(16, infos.size())];
        int unseen = 0;
        for (MessageInfo info : infos) {
            uids[count++] = info.uid();
            keywords.addAll(info.flags().keywords());
            if (unseen == 0 && !info.flags().has(SystemFlag.SEEN)) {
                unseen = count;
            }
        }
        this.firstUnseen = unseen;
        this.subscription = mailbox.subscribe((path, highest) -> {
            Runnable hook = changeHook;
            if (hook != null) {
                hook.run();
            }
        });
    }

    /** Opens the view: the message list from the store's index (no message file is read). */
    public static SelectedMailbox open(Mailbox mailbox, boolean readOnly) throws StoreException {
        MailboxStatus status = mailbox.status();
        List<MessageInfo> infos = mailbox.messages(UidSet.all());
        SelectedMailbox view = new SelectedMailbox(mailbox, readOnly, status.uidValidity(), status.highestModSeq(), infos);
        if (!readOnly) {
            view.claimRecent();
        }
        return view;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public MailboxPath path() {
        return mailbox.path();
    }

    public boolean readOnly() {
        return readOnly;
    }

    public long uidValidity() {
        return uidValidity;
    }

    public int count() {
        return count;
    }

    /** The sequence number of the first message that had no {@code \Seen} when the view was opened, 0 if none. */
    public int firstUnseen() {
        return firstUnseen;
    }

    public long knownModSeq() {
        return knownModSeq;
    }

    /**
     * CONDSTORE is on for this view from now on; the first time, if a command other than SELECT
     * turned it on, the client is told the HIGHESTMODSEQ (RFC 7162 3.1).
     */
    public void enableCondStore(ImapSession session) {
        if (!condStore) {
            condStore = true;
            session.untagged("OK [HIGHESTMODSEQ " + Math.max(1, knownModSeq) + "] Highest");
        }
    }

    /** CONDSTORE on from SELECT, which reports HIGHESTMODSEQ itself. */
    public void enableCondStore() {
        condStore = true;
    }

    public boolean condStore() {
        return condStore;
    }

    /** Told (from any thread) when the mailbox changed; for IDLE. Null stops it. */
    public void onChange(Runnable hook) {
        changeHook = hook;
    }

    public long uid(int seq) {
        return uids[seq - 1];
    }

    /** The sequence number of {@code uid}, or 0 if it is not in the view. */
    public int seq(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i < 0 ? 0 : i + 1;
    }

    public boolean isRecent(long uid) {
        return recent.contains(uid);
    }

    public int recentCount() {
        int n = 0;
        for (long[] r : recent.ranges()) {
            n += lowerBound(r[1] + 1) - lowerBound(r[0]);
        }
        return n;
    }

    public Set<String> keywords() {
        return keywords;
    }

    /**
     * The UIDs in the view that {@code set} names: message numbers (a number above the count is a
     * client error) or UIDs (ones that do not exist are left out, RFC 3501 6.4.8); {@code $} is
     * the saved search result.
     */
    public UidSet resolve(SequenceSet set, boolean byUid, UidSet saved) {
        if (set.saved()) {
            return intersect(saved);
        }
        if (byUid) {
            return intersect(set.resolve(count == 0 ? 0 : uids[count - 1]));
        }
        UidSet numbers = set.resolve(count);
        if (!numbers.isEmpty() && numbers.max() > count) {
            throw new BadCommandException("Invalid messageset");
        }
        UidSet.Builder b = new UidSet.Builder();
        for (long[] r : numbers.ranges()) {
            for (long s = r[0]; s <= r[1]; s++) {
                b.add(uids[(int) s - 1]);
            }
        }
        return b.build();
    }

    /** Message numbers as SEARCH takes them: numbers above the count name nothing. */
    public UidSet resolveLenient(SequenceSet set, UidSet saved) {
        if (set.saved()) {
            return intersect(saved);
        }
        UidSet.Builder b = new UidSet.Builder();
        for (long[] r : set.resolve(count).ranges()) {
            for (long s = r[0]; s <= Math.min(r[1], count); s++) {
                b.add(uids[(int) s - 1]);
            }
        }
        return b.build();
    }

    /** The view's UIDs that are also in {@code set}. */
    public UidSet intersect(UidSet set) {
        UidSet.Builder b = new UidSet.Builder();
        for (long[] r : set.ranges()) {
            for (int i = lowerBound(r[0]); i < count && uids[i] <= r[1]; i++) {
                b.add(uids[i]);
            }
        }
        return b.build();
    }

    /** Every UID of the view. */
    public UidSet all() {
        return count == 0 ? UidSet.empty() : intersect(UidSet.all());
    }

    private int lowerBound(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i < 0 ? -i - 1 : i;
    }

    /** The session changed these flags and told the client; sync must not repeat them. */
    public void reported(List<MessageInfo> infos) {
        for (MessageInfo info : infos) {
            ownModSeq.merge(info.uid(), info.modSeq(), Math::max);
        }
    }

    /** Keywords the client has not been told about yet are announced with a new FLAGS response. */
    public void announceKeywords(ImapSession session, Flags flags) {
        if (!keywords.containsAll(flags.keywords())) {
            keywords.addAll(flags.keywords());
            session.untagged("FLAGS " + flagList(true));
            if (!readOnly) {
                session.untagged("OK [PERMANENTFLAGS " + flagList(false) + "] Flags permitted.");
            }
        }
    }

    /** {@code (\Answered ... keywords)}, and {@code \*} when {@code forFlags} is false (PERMANENTFLAGS). */
    public String flagList(boolean forFlags) {
        StringBuilder sb = new StringBuilder("(\\Answered \\Flagged \\Deleted \\Seen \\Draft");
        for (String k : keywords) {
            sb.append(' ').append(k);
        }
        if (!forFlags) {
            sb.append(" \\*");
        }
        return sb.append(')').toString();
    }

    /** A message's flags as IMAP writes them, with {@code \Recent} for this session. */
    public String flags(MessageInfo info) {
        StringBuilder sb = new StringBuilder("(");
        for (SystemFlag f : info.flags().system()) {
            sb.append(sb.length() > 1 ? " " : "").append(f.imapName());
        }
        for (String k : info.flags().keywords()) {
            sb.append(sb.length() > 1 ? " " : "").append(k);
        }
        if (isRecent(info.uid())) {
            sb.append(sb.length() > 1 ? " " : "").append("\\Recent");
        }
        return sb.append(')').toString();
    }

    private void claimRecent() throws StoreException {
        if (count == 0 || readOnly) {
            return;
        }
        long from = mailbox.claimRecent();
        long last = uids[count - 1];
        if (from <= last) {
            UidSet.Builder b = new UidSet.Builder();
            for (long[] r : recent.ranges()) {
                b.addRange(r[0], r[1]);
            }
            b.addRange(Math.max(1, from), last);
            recent = b.build();
        }
    }

    /**
     * Tells the client what changed: expunges (as EXPUNGE, or VANISHED under QRESYNC) only when
     * {@code expungeAllowed}, then new messages (EXISTS, RECENT) and flag changes by others (FETCH).
     */
    public void sync(ImapSession session, boolean expungeAllowed) throws StoreException {
        Changes changes = mailbox.changesSince(knownModSeq);
        for (long uid : changes.expunged()) {
            if (seq(uid) > 0) {
                pendingExpunges.add(uid);
            }
        }
        if (expungeAllowed && !pendingExpunges.isEmpty()) {
            if (session.qresync()) {
                session.untagged("VANISHED " + UidSet.of(pendingExpunges));
                for (long uid : pendingExpunges) {
                    remove(seq(uid));
                }
            } else {
                for (long uid : pendingExpunges) {
                    int seq = seq(uid);
                    remove(seq);
                    session.untagged(seq + " EXPUNGE");
                }
            }
            pendingExpunges.clear();
        }
        int before = count;
        long last = count == 0 ? 0 : uids[count - 1];
        List<MessageInfo> flagChanges = new ArrayList<>();
        for (MessageInfo info : changes.changed()) {
            if (info.uid() > last) {
                add(info.uid());
                last = info.uid();
                announceKeywords(session, info.flags());
            } else if (seq(info.uid()) > 0 && !pendingExpunges.contains(info.uid())) {
                Long own = ownModSeq.remove(info.uid());
                if (own == null || info.modSeq() > own) {
                    flagChanges.add(info);
                }
            }
        }
        if (count != before) {
            claimRecent();
            session.untagged(count + " EXISTS");
            session.untagged(recentCount() + " RECENT");
        }
        for (MessageInfo info : flagChanges) {
            announceKeywords(session, info.flags());
            session.send(fetchFlags(session, info, false));
        }
        knownModSeq = Math.max(knownModSeq, changes.highestModSeq());
    }

    /** {@code * n FETCH (FLAGS (...) [UID u] [MODSEQ (m)])} for a flag change. */
    public org.colombier.server.imap.protocol.Response fetchFlags(ImapSession session, MessageInfo info, boolean withUid) {
        ResponseBuilder b = ResponseBuilder.untagged().number(seq(info.uid())).atom("FETCH").openList();
        if (withUid || session.qresync()) {
            b.atom("UID").number(info.uid());
        }
        b.atom("FLAGS").atom(flags(info));
        if (session.condStore() || condStore) {
            b.atom("MODSEQ").atom("(" + info.modSeq() + ")");
        }
        return b.closeList().build();
    }

    private void add(long uid) {
        if (count == uids.length) {
            uids = Arrays.copyOf(uids, uids.length * 2);
        }
        uids[count++] = uid;
    }

    private void remove(int seq) {
        System.arraycopy(uids, seq, uids, seq - 1, count - seq);
        count--;
    }

    @Override
    public void close() {
        changeHook = null;
        try {
            subscription.close();
        } catch (Exception e) {
            // the subscription only unregisters a listener; nothing to recover
        }
        mailbox.close();
    }
}
