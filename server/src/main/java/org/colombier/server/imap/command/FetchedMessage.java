package org.colombier.server.imap.command;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.MessageBytes;
import org.colombier.server.imap.MessageCache;
import org.colombier.server.mime.ImapMimeWriter;
import org.colombier.server.mime.MessageStructure;

/**
 * One message while a FETCH answers it: its bytes are read and parsed at most once, and only when
 * an item needs content; ENVELOPE, BODY and BODYSTRUCTURE go through the mailbox cache, so a
 * message is parsed for them once in its life (for ENVELOPE, only its header is read).
 */
final class FetchedMessage {
    static final String ENVELOPE = "imap.envelope";
    static final String BODY = "imap.body";
    static final String BODYSTRUCTURE = "imap.bodystructure";

    private final Mailbox mailbox;
    private final MessageInfo info;
    private final MessageCache cache;
    private byte[] raw;
    private MessageStructure structure;

    FetchedMessage(Mailbox mailbox, MessageInfo info, MessageCache cache) {
        this.mailbox = mailbox;
        this.info = info;
        this.cache = cache;
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

    /** A miss reads only the message's header, unless the message was parsed for another item anyway. */
    byte[] envelope() throws StoreException {
        return cache.get(info.uid(), ENVELOPE, () -> ImapMimeWriter.envelope(structure != null
                ? structure.envelope()
                : MessageStructure.parse(MessageBytes.readHeader(mailbox, info.uid())).envelope()));
    }

    byte[] bodyStructure(boolean extended) throws StoreException {
        return cache.get(info.uid(), extended ? BODYSTRUCTURE : BODY, () -> ImapMimeWriter.bodyStructure(structure(), extended));
    }
}
