package org.colombier.api.storage.support;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.CopyResult;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;

/** A copy a driver cannot do in its own format (another driver's mailbox): each message appended to the target. */
public final class AppendCopy {
    private AppendCopy() {
    }

    /** Appends {@code uids} of {@code source} to {@code target}, keeping flags and internal dates. */
    public static CopyResult copy(Mailbox source, UidSet uids, Mailbox target, boolean recent) throws StoreException {
        UidSet.Builder from = new UidSet.Builder();
        UidSet.Builder to = new UidSet.Builder();
        for (MessageInfo m : source.messages(uids)) {
            MessageInfo copied = target.append(new AppendRequest(MessageSource.of(source, m), m.flags(), m.internalDate(), recent));
            from.add(m.uid());
            to.add(copied.uid());
        }
        return new CopyResult(target.status().uidValidity(), from.build(), to.build());
    }
}
