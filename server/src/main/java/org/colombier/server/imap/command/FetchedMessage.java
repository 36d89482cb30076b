package org.colombier.server.imap.command;

import java.util.Optional;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.MessageBytes;
import org.colombier.server.mime.ImapMimeWriter;
import org.colombier.server.mime.MessageStructure;

/**
 * One message while a FETCH answers it: its bytes are read and parsed at most once, and only when
 * an item needs content; ENVELOPE, BODY and BODYSTRUCTURE go through the mailbox cache, so a
 * message is parsed for them once in its life.
 */
final class FetchedMessage {
    static final String ENVELOPE = "imap.envelope";
    static final String BODY = "imap.body";
    static final String BODYSTRUCTURE = "imap.bodystructure";

    private final Mailbox mailbox;
    private final MessageInfo info;
    private byte[] raw;
    private MessageStructure structure;

    FetchedMessage(Mailbox mailbox, MessageInfo info) {
        this.mailbox = mailbox;
        this.info = info;
    }

    /** The message with CRLF line endings, as its RFC822.SIZE counts it. */
    byte[] raw() throws StoreException {
        if (raw == null) {
            raw = MessageBytes.read(mailbox, info.uid());
        }
        return raw;
    }

    MessageStructure structure() throws StoreException {
        if (structure == null) {
            structure = MessageStructure.parse(raw());
        }
        return structure;
    }

    byte[] envelope() throws StoreException {
        return cached(ENVELOPE, () -> ImapMimeWriter.envelope(structure().envelope()));
    }

    byte[] bodyStructure(boolean extended) throws StoreException {
        return cached(extended ? BODYSTRUCTURE : BODY, () -> ImapMimeWriter.bodyStructure(structure(), extended));
    }

    private interface Compute {
        byte[] get() throws StoreException;
    }

    private byte[] cached(String field, Compute compute) throws StoreException {
        Optional<byte[]> hit = mailbox.cached(info.uid(), field);
        if (hit.isPresent()) {
            return hit.get();
        }
        byte[] value = compute.get();
        mailbox.cache(info.uid(), field, value);
        return value;
    }
}
