package org.colombier.server.imap.protocol.command;

import org.colombier.server.imap.protocol.SequenceSet;

/** [UID] COPY or, when {@code move}, [UID] MOVE (RFC 6851): set mailbox. */
public record CopyCommand(boolean uid, boolean move, SequenceSet set, String mailbox) implements ImapCommand {

    public static CopyCommand parse(Args args, boolean uid, boolean move) throws CommandParseException {
        CopyCommand c = new CopyCommand(uid, move, args.sequenceSet(), args.mailbox());
        args.end();
        return c;
    }
}
