package org.colombier.api.storage.support;

import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;

/** The UID arguments every driver refuses alike before touching its files. */
public final class UidArguments {
    private UidArguments() {
    }

    /** A UID given by the caller ({@code appendWithUid}). */
    public static void requireUid(long uid) throws StoreException {
        if (uid <= 0 || uid > UidSet.MAX_UID) {
            throw new StoreException(StoreError.NOT_POSSIBLE, "Invalid UID " + uid);
        }
    }

    /** A UIDVALIDITY and UIDNEXT taken over from another mailbox ({@code adoptUidSpace}). */
    public static void requireUidSpace(long uidValidity, long uidNext) throws StoreException {
        if (uidValidity <= 0 || uidValidity > UidSet.MAX_UID || uidNext > UidSet.MAX_UID) {
            throw new StoreException(StoreError.NOT_POSSIBLE, "Invalid UIDVALIDITY/UIDNEXT " + uidValidity + "/" + uidNext);
        }
    }
}
