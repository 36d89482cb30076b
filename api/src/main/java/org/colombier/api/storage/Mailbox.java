package org.colombier.api.storage;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An open mailbox. Methods are synchronous and may block on disk; protocol code calls them off
 * its I/O threads. One instance may be shared by the sessions that have the mailbox selected;
 * implementations are thread-safe.
 */
public interface Mailbox extends AutoCloseable {
    MailboxPath path();

    /** The current counters, including changes made by other processes. */
    MailboxStatus status() throws StoreException;

    /** Metadata of the messages whose UIDs are in {@code uids} that exist, in UID order. Reads no message file. */
    List<MessageInfo> messages(UidSet uids) throws StoreException;

    /**
     * The message's bytes, as stored (CRLF line endings for what we wrote). A message expunged in
     * the meantime gives {@link StoreError#EXPUNGED}.
     */
    InputStream openMessage(long uid) throws StoreException;

    /** Stores a message durably (file and directory entry synced) before it returns its info. */
    MessageInfo append(AppendRequest request) throws StoreException;

    /**
     * Changes the flags of the existing messages among {@code uids}; with {@code unchangedSince},
     * messages whose modseq is higher are left alone and reported (RFC 7162).
     */
    FlagUpdateResult updateFlags(UidSet uids, FlagUpdate update, OptionalLong unchangedSince) throws StoreException;

    /** Removes the messages among {@code uids} that exist; returns the UIDs removed. */
    UidSet expunge(UidSet uids) throws StoreException;

    /** Copies messages into {@code target} keeping flags and internal dates (COPY, UIDPLUS COPYUID). */
    CopyResult copyTo(UidSet uids, Mailbox target) throws StoreException;

    /** Copies, then expunges the originals (RFC 6851 MOVE). */
    CopyResult moveTo(UidSet uids, Mailbox target) throws StoreException;

    /** Everything that happened after {@code modSeq}; see {@link Changes}. */
    Changes changesSince(long modSeq) throws StoreException;

    /**
     * Takes the {@code \Recent} messages for the caller: returns the lowest UID that is recent for
     * it; messages from there on are recent to the caller and to no later session (RFC 3501 2.3.2).
     */
    long claimRecent() throws StoreException;

    /** A value the server cached for a message (envelope, bodystructure ...), if any. */
    Optional<byte[]> cached(long uid, String field) throws StoreException;

    /**
     * The cached {@code field} of those messages among {@code uids} that have one, by UID: {@link
     * #cached(long, String)} for many messages at once (a SEARCH or FETCH over a whole mailbox),
     * which a store may answer under one lock and one freshness check.
     */
    default Map<Long, byte[]> cached(UidSet uids, String field) throws StoreException {
        Map<Long, byte[]> out = new HashMap<>();
        for (MessageInfo m : messages(uids)) {
            cached(m.uid(), field).ifPresent(v -> out.put(m.uid(), v));
        }
        return out;
    }

    /** Caches a value computed from the message, kept until the message is expunged. */
    void cache(long uid, String field, byte[] value) throws StoreException;

    /**
     * Caches values computed from several messages, by UID: {@link #cache(long, String, byte[])}
     * for each, which a store may do under one lock; messages expunged meanwhile are skipped.
     */
    default void cache(String field, Map<Long, byte[]> values) throws StoreException {
        for (Map.Entry<Long, byte[]> e : values.entrySet()) {
            try {
                cache(e.getKey(), field, e.getValue());
            } catch (StoreException ex) {
                if (ex.error() != StoreError.EXPUNGED) {
                    throw ex;
                }
            }
        }
    }

    /**
     * Migration (a dsync-like copy, see {@link MailboxCopier}): stores a message under the UID it
     * had in the source mailbox. {@code uid} must not be below {@link MailboxStatus#uidNext()}
     * (UIDs are never reused); a store that cannot choose UIDs answers {@link StoreError#NOT_POSSIBLE}.
     */
    default MessageInfo appendWithUid(long uid, AppendRequest request) throws StoreException {
        throw new StoreException(StoreError.NOT_POSSIBLE, "This mail store cannot append with a given UID");
    }

    /**
     * Migration, after the messages were copied with {@link #appendWithUid}: takes the source
     * mailbox's UIDVALIDITY and raises UIDNEXT to {@code uidNext} (it is never lowered), so clients
     * keep their cached UIDs. {@link StoreError#NOT_POSSIBLE} for stores that cannot.
     */
    default void adoptUidSpace(long uidValidity, long uidNext) throws StoreException {
        throw new StoreException(StoreError.NOT_POSSIBLE, "This mail store cannot take another mailbox's UIDVALIDITY");
    }

    /**
     * {@code doveadm force-resync}: rebuilds the driver's view of this mailbox from its files (and,
     * for sdbox, Dovecot's index), keeping UIDs, UIDVALIDITY and flags wherever they survive.
     * {@link StoreError#NOT_POSSIBLE} for drivers that have nothing to rebuild this way.
     */
    default void forceResync() throws StoreException {
        throw new StoreException(StoreError.NOT_POSSIBLE, "This mail store has no force-resync");
    }

    /** Registers for change notifications until the returned handle is closed. */
    AutoCloseable subscribe(MailboxListener listener);

    @Override
    void close();
}
