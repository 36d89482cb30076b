package org.colombier.server.imap.command;

import java.util.Iterator;
import java.util.List;

import org.colombier.api.storage.Changes;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.SequenceSet;
import org.colombier.server.imap.protocol.command.SelectCommand.QResync;

/**
 * What a QRESYNC client missed since its modseq (RFC 7162 3.2.5): {@code VANISHED (EARLIER)} and
 * {@code FETCH (UID FLAGS MODSEQ)}. The index's modseq history answers exactly, unless it cannot
 * explain what the client knows: a modseq above the mailbox's highest, or a known-sequence-match
 * pair whose sequence number does not follow from the history (the index was rebuilt and its
 * history is gone). Then every UID the client may hold and we lack is reported vanished, except
 * below the highest pair that still matches (nothing below it can have been expunged), and the
 * flags of every message it knows are sent again.
 */
final class QresyncReport {
    private final ImapSession session;
    private final SelectedMailbox view;
    private final QResync q;

    private QresyncReport(ImapSession session, SelectedMailbox view, QResync q) {
        this.session = session;
        this.view = view;
        this.q = q;
    }

    /** Sends the report; the parser has checked that the known-sequence-match sets have the same size. */
    static void send(ImapSession session, SelectedMailbox view, QResync q, long uidNext) throws StoreException {
        QresyncReport report = new QresyncReport(session, view, q);
        UidSet seqs = q.knownSequenceNumbers() == null ? UidSet.empty()
                : q.knownSequenceNumbers().resolve(SequenceSet.MAX_NUMBER);
        UidSet uids = q.knownSequenceUids() == null ? UidSet.empty()
                : q.knownSequenceUids().resolve(SequenceSet.MAX_NUMBER);
        // UIDs the client may hold: never past the last one assigned, whatever range it names
        UidSet.Builder held = new UidSet.Builder();
        UidSet known = q.knownUids() == null ? UidSet.all() : q.knownUids().resolve(UidSet.MAX_UID);
        for (long[] range : known.ranges()) {
            if (range[0] < uidNext) {
                held.addRange(range[0], Math.min(range[1], uidNext - 1));
            }
        }
        Changes changes = view.mailbox().changesSince(q.modSeq());
        if (q.modSeq() <= changes.highestModSeq() && report.historyExplains(seqs, uids, changes.expunged())) {
            report.fromHistory(changes, held.build());
        } else {
            report.withoutHistory(held.build(), report.highestMatchingUid(seqs, uids));
        }
    }

    private void fromHistory(Changes changes, UidSet known) {
        UidSet.Builder vanished = new UidSet.Builder();
        changes.expunged().forEachUid(uid -> {
            if (known.contains(uid)) {
                vanished.add(uid);
            }
        });
        vanished(vanished.build());
        for (MessageInfo info : changes.changed()) {
            if (view.seq(info.uid()) > 0 && known.contains(info.uid())) {
                session.send(view.fetchFlags(session, info, true));
            }
        }
    }

    private void withoutHistory(UidSet known, long matchedUid) throws StoreException {
        UidSet.Builder vanished = new UidSet.Builder();
        UidSet.Builder present = new UidSet.Builder();
        known.forEachUid(uid -> {
            if (view.seq(uid) > 0) {
                present.add(uid);
            } else if (uid > matchedUid) {
                vanished.add(uid);
            }
        });
        vanished(vanished.build());
        for (MessageInfo info : view.mailbox().messages(present.build())) {
            session.send(view.fetchFlags(session, info, true));
        }
    }

    private void vanished(UidSet uids) {
        if (!uids.isEmpty()) {
            session.untagged("VANISHED (EARLIER) " + uids);
        }
    }

    /**
     * Whether every known pair (client's sequence number, UID) follows from the history: the UID
     * was expunged since, or it is still here at its sequence number less the expunges below it.
     * A pair beyond what the mailbox and its expunges can hold cannot be explained, which also
     * bounds the walk for a hostile {@code 1:4294967295}.
     */
    private boolean historyExplains(UidSet seqs, UidSet uids, UidSet expunged) {
        long limit = (long) view.count() + expunged.size();
        List<long[]> gone = expunged.ranges();
        int range = 0;
        long goneBelow = 0; // expunged UIDs below the current one, over the ranges passed
        Iterator<Long> s = seqs.iterator();
        Iterator<Long> u = uids.iterator();
        while (s.hasNext()) {
            long seq = s.next();
            long uid = u.next();
            if (seq > limit) {
                return false;
            }
            while (range < gone.size() && gone.get(range)[1] < uid) {
                goneBelow += gone.get(range)[1] - gone.get(range)[0] + 1;
                range++;
            }
            boolean inRange = range < gone.size() && gone.get(range)[0] <= uid;
            if (!inRange && view.seq(uid) != seq - goneBelow) {
                return false;
            }
        }
        return true;
    }

    /** The highest UID the client holds at the same sequence number we do: nothing below it was expunged. */
    private long highestMatchingUid(UidSet seqs, UidSet uids) {
        long matched = 0;
        Iterator<Long> s = seqs.iterator();
        Iterator<Long> u = uids.iterator();
        while (s.hasNext()) {
            long seq = s.next();
            long uid = u.next();
            if (seq > view.count()) {
                break;
            }
            if (view.uid((int) seq) == uid) {
                matched = uid;
            }
        }
        return matched;
    }
}
