package org.colombier.server.imap;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.server.mime.Header;
import org.colombier.server.mime.SearchHeader;

/**
 * Values computed from messages once and kept in the mailbox's per-message cache ({@link
 * Mailbox#cached}), which the stores persist in their index and drop on expunge; messages never
 * change, so an entry is valid for the message's life. One instance serves a batch of messages of
 * one command: the fields it names are looked up for the whole batch in one store call, and what
 * it had to compute is stored in one call per field by {@link #save()}, not one lock and
 * freshness check per message.
 */
public final class MessageCache {
    private final Mailbox mailbox;
    /** The values found, by field then UID, for the fields looked up in bulk. */
    private final Map<String, Map<Long, byte[]>> found = new HashMap<>();
    private final Map<String, Map<Long, byte[]>> computed = new HashMap<>();

    private MessageCache(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    /** Computes a value from the message; called on a cache miss. */
    @FunctionalInterface
    public interface Compute {
        byte[] get() throws StoreException;
    }

    /** A cache for the messages among {@code uids}, with {@code fields} looked up for all of them. */
    public static MessageCache load(Mailbox mailbox, UidSet uids, Collection<String> fields) throws StoreException {
        MessageCache cache = new MessageCache(mailbox);
        for (String field : fields) {
            cache.found.put(field, mailbox.cached(uids, field));
        }
        return cache;
    }

    /** The cached {@code field} of message {@code uid}; on a miss computed, and stored by {@link #save()}. */
    public byte[] get(long uid, String field, Compute compute) throws StoreException {
        Map<Long, byte[]> batch = found.get(field);
        byte[] hit = batch != null ? batch.get(uid) : mailbox.cached(uid, field).orElse(null);
        if (hit != null) {
            return hit;
        }
        byte[] value = compute.get();
        computed.computeIfAbsent(field, f -> new HashMap<>()).put(uid, value);
        return value;
    }

    /** The message's header as SEARCH keeps it ({@link SearchHeader}); a miss reads the header only. */
    public Header searchHeader(long uid) throws StoreException {
        return SearchHeader.parse(get(uid, SearchHeader.CACHE_FIELD,
                () -> SearchHeader.of(MessageBytes.readHeader(mailbox, uid))));
    }

    /** Stores the values computed since the last save. */
    public void save() throws StoreException {
        for (Map.Entry<String, Map<Long, byte[]>> e : computed.entrySet()) {
            mailbox.cache(e.getKey(), e.getValue());
        }
        computed.clear();
    }
}
