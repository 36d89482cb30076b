package org.colombier.server.mime;

import java.time.Instant;
import java.time.ZoneId;

import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.protocol.SequenceSet;

/**
 * One message as SEARCH sees it, implemented by the session. Everything but {@link #message()} and
 * {@link #searchHeader()} is metadata the session already holds; header keys (HEADER, FROM ...,
 * SENT*) ask for the cached header, and the message's bytes are asked for only when a key needs
 * the body (BODY, TEXT) or an uncached field, at most once per message.
 */
public interface SearchContext {

    /** The message's sequence number in the session's view. */
    long sequence();

    /** UID, flags, modseq, RFC822.SIZE ({@code virtualSize}) and internal date. */
    MessageInfo info();

    /** Whether the message is \Recent in this session. */
    boolean recent();

    /** Whether the sequence number is in {@code set}, {@code *} and {@code $} resolved by the session. */
    boolean inSequenceSet(SequenceSet set);

    /** Whether the UID is in {@code set}, {@code *} and {@code $} resolved by the session. */
    boolean inUidSet(SequenceSet set);

    /** The raw message. */
    byte[] message() throws StoreException;

    /**
     * The message's structure if the session has it cached ({@link MessageStructure#fromBytes}),
     * else null. With it, header keys (HEADER, FROM, SUBJECT, SENT*...) read no message at all.
     */
    default MessageStructure cachedStructure() throws StoreException {
        return null;
    }

    /**
     * The message's top-level header as the session caches it for searching: the fields
     * {@link SearchHeader#covers} names, got without reading the body; null when the session keeps
     * no such cache (the message is parsed then).
     */
    default Header searchHeader() throws StoreException {
        return null;
    }

    /** The zone whose calendar days BEFORE/ON/SINCE compare the internal date in (Dovecot: the server's). */
    default ZoneId zone() {
        return ZoneId.systemDefault();
    }

    /** The current time, for OLDER and YOUNGER. */
    default Instant now() {
        return Instant.now();
    }
}
