package org.colombier.storage.maildir;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

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

/** One session's handle on a mailbox's shared {@link MailboxState}; closing it releases the state. */
final class MaildirMailbox implements Mailbox {
    private final MaildirStore store;
    private final MailboxState state;
    private final AtomicBoolean closed = new AtomicBoolean();

    MaildirMailbox(MaildirStore store, MailboxState state) {
        this.store = store;
        this.state = state;
    }

    @Override
    public MailboxPath path() {
        return state.path();
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
        if (!(target instanceof MaildirMailbox ours)) {
            return AppendCopy.copy(this, uids, target, false);
        }
        UidSet.Builder from = new UidSet.Builder();
        UidSet.Builder to = new UidSet.Builder();
        for (long[] pair : ours.state.copyFrom(state, uids)) {
            from.add(pair[0]);
            to.add(pair[1]);
        }
        return new CopyResult(target.status().uidValidity(), from.build(), to.build());
    }

    @Override
    public CopyResult moveTo(UidSet uids, Mailbox target) throws StoreException {
        CopyResult copied = copyTo(uids, target);
        if (!copied.sourceUids().isEmpty()) {
            state.expunge(copied.sourceUids());
        }
        return copied;
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
        return state.cached(uid, field);
    }

    @Override
    public Map<Long, byte[]> cached(UidSet uids, String field) throws StoreException {
        return state.cached(uids, field);
    }

    @Override
    public void cache(String field, Map<Long, byte[]> values) throws StoreException {
        state.cache(field, values);
    }

    @Override
    public void cache(long uid, String field, byte[] value) throws StoreException {
        state.cache(uid, field, value);
    }

    @Override
    public AutoCloseable subscribe(MailboxListener listener) {
        return state.subscribe(listener);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            store.release(state);
        }
    }
}
