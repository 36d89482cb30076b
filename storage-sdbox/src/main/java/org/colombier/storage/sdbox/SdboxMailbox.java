package org.colombier.storage.sdbox;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Changes;
import org.colombier.api.storage.CopyResult;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.FlagUpdateResult;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxListener;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.support.AppendCopy;
import org.colombier.api.storage.support.UidArguments;

/** A session's handle on a shared {@link MailboxState}. */
final class SdboxMailbox implements Mailbox {
    private final SdboxStore store;
    private final MailboxPath path;
    private final MailboxState state;
    private boolean closed;

    SdboxMailbox(SdboxStore store, MailboxPath path, MailboxState state) {
        this.store = store;
        this.path = path;
        this.state = state;
    }

    @Override
    public MailboxPath path() {
        return path;
    }

    @Override
    public MailboxStatus status() throws StoreException {
        return state.status();
    }

    @Override
    public List<MessageInfo> messages(UidSet uids) throws StoreException {
        return state.messages(uids);
    }

    @Override
    public InputStream openMessage(long uid) throws StoreException {
        return state.openMessage(uid);
    }

    @Override
    public MessageInfo append(AppendRequest request) throws StoreException {
        return state.append(request, 0);
    }

    @Override
    public MessageInfo appendWithUid(long uid, AppendRequest request) throws StoreException {
        UidArguments.requireUid(uid);
        return state.append(request, uid);
    }

    @Override
    public void adoptUidSpace(long uidValidity, long uidNext) throws StoreException {
        UidArguments.requireUidSpace(uidValidity, uidNext);
        state.adoptUidSpace(uidValidity, uidNext);
    }

    @Override
    public FlagUpdateResult updateFlags(UidSet uids, FlagUpdate update, OptionalLong unchangedSince) throws StoreException {
        return state.updateFlags(uids, update, unchangedSince);
    }

    @Override
    public UidSet expunge(UidSet uids) throws StoreException {
        return state.expunge(uids);
    }

    @Override
    public CopyResult copyTo(UidSet uids, Mailbox target) throws StoreException {
        return AppendCopy.copy(this, uids, target, true);
    }

    @Override
    public CopyResult moveTo(UidSet uids, Mailbox target) throws StoreException {
        CopyResult r = copyTo(uids, target);
        state.expunge(r.sourceUids());
        return r;
    }

    @Override
    public Changes changesSince(long modSeq) throws StoreException {
        return state.changesSince(modSeq);
    }

    @Override
    public long claimRecent() throws StoreException {
        return state.claimRecent();
    }

    @Override
    public Optional<byte[]> cached(long uid, String field) throws StoreException {
        return Optional.ofNullable(state.cached(uid, field));
    }

    @Override
    public void cache(long uid, String field, byte[] value) throws StoreException {
        state.cache(uid, field, value);
    }

    @Override
    public AutoCloseable subscribe(MailboxListener listener) {
        return state.subscribe(path, listener);
    }

    /** Dovecot's {@code force-resync}: files the index does not list are added, records without a file expunged. */
    @Override
    public void forceResync() throws StoreException {
        state.forceResync();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            store.release(state);
        }
    }
}
