package org.colombier.api.storage;

import java.util.List;

/**
 * What happened in a mailbox after a modseq: the answer to IDLE, NOOP, CONDSTORE and QRESYNC,
 * produced from the index without rescanning the mailbox.
 *
 * @param uidValidity   if it differs from what the caller knew, everything it knew is void
 * @param highestModSeq the mailbox's modseq now
 * @param changed       messages appended or whose flags changed after the given modseq, in UID order
 * @param expunged      UIDs expunged after the given modseq
 */
public record Changes(long uidValidity, long highestModSeq, List<MessageInfo> changed, UidSet expunged) {
    public Changes {
        changed = List.copyOf(changed);
    }

    public boolean isEmpty() {
        return changed.isEmpty() && expunged.isEmpty();
    }
}
