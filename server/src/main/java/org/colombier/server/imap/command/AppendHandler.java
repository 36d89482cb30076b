package org.colombier.server.imap.command;

import java.io.IOException;
import java.io.InputStream;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.StoreErrors;
import org.colombier.server.imap.protocol.Literal;
import org.colombier.server.imap.protocol.ResponseCode;
import org.colombier.server.imap.protocol.command.AppendCommand;

/**
 * APPEND (RFC 3501 6.3.11) and MULTIAPPEND (RFC 3502), answered with APPENDUID (RFC 4315). Each
 * message is durably stored by the store before the next; a missing mailbox is {@code [TRYCREATE]}.
 */
public final class AppendHandler implements CommandHandler<AppendCommand> {
    @Override
    public void run(ImapSession session, String tag, AppendCommand command) throws StoreException {
        Mailbox mailbox;
        try {
            mailbox = session.mailboxes().open(session.names().path(command.mailbox()));
        } catch (StoreException e) {
            session.done(StoreErrors.targetResponse(tag, e));
            return;
        }
        try (mailbox) {
            UidSet.Builder uids = new UidSet.Builder();
            for (AppendCommand.Message m : command.messages()) {
                if (m.content().size() == 0) {
                    session.tagged(tag, "NO Can't save a zero byte message.");
                    return;
                }
                MessageSource content = m.content().binary() ? binary(m.content()) : source(m.content());
                MessageInfo info = mailbox.append(new AppendRequest(content, m.flags(),
                        m.internalDate() == null ? null : m.internalDate().toInstant(), true));
                uids.add(info.uid());
                session.appended(m.content().size());
            }
            long uidValidity = mailbox.status().uidValidity();
            session.ok(tag, ResponseCode.appendUid(uidValidity, uids.build().toString()), "Append completed.");
        }
    }

    /** A literal8 message: parts with NUL bytes stored base64-encoded (RFC 3516 4.4). */
    private static MessageSource binary(Literal literal) throws StoreException {
        try (InputStream in = literal.open()) {
            return MessageSource.of(BinaryAppend.encode(in));
        } catch (IOException e) {
            throw new StoreException(org.colombier.api.storage.StoreError.TEMPORARY, "Cannot read the message", e);
        }
    }

    private static MessageSource source(Literal literal) {
        return new MessageSource() {
            @Override
            public long size() {
                return literal.size();
            }

            @Override
            public InputStream open() throws IOException {
                return literal.open();
            }
        };
    }
}
