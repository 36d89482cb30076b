package org.colombier.server.imap;

import java.util.Optional;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.server.mime.Header;
import org.colombier.server.mime.SearchHeader;

/**
 * Values computed from a message once and kept in the mailbox's per-message cache ({@link
 * Mailbox#cached}), which the stores persist in their index and drop on expunge. Messages never
 * change, so an entry is valid for the message's life.
 */
public final class MessageCache {
    private MessageCache() {
    }

    /** Computes a value from the message; called on a cache miss. */
    @FunctionalInterface
    public interface Compute {
        byte[] get() throws StoreException;
    }

    /** The cached {@code field} of message {@code uid}, computed and cached when missing. */
    public static byte[] get(Mailbox mailbox, long uid, String field, Compute compute) throws StoreException {
        Optional<byte[]> hit = mailbox.cached(uid, field);
        if (hit.isPresent()) {
            return hit.get();
        }
        byte[] value = compute.get();
        try {
            mailbox.cache(uid, field, value);
        } catch (StoreException e) {
            if (e.error() != StoreError.EXPUNGED) {
                throw e;
            }
            // expunged since we read it: the value still answers this command
        }
        return value;
    }

    /** The message's header as SEARCH keeps it ({@link SearchHeader}); a miss reads the header only. */
    public static Header searchHeader(Mailbox mailbox, long uid) throws StoreException {
        return SearchHeader.parse(get(mailbox, uid, SearchHeader.CACHE_FIELD,
                () -> SearchHeader.of(MessageBytes.readHeader(mailbox, uid))));
    }
}
