package org.colombier.server.imap.protocol.command;

import org.colombier.server.imap.protocol.SequenceSet;

/** UID EXPUNGE uid-set (RFC 4315). */
public record UidExpungeCommand(SequenceSet uids) implements ImapCommand {

    public static UidExpungeCommand parse(Args args) throws CommandParseException {
        UidExpungeCommand c = new UidExpungeCommand(args.sequenceSet());
        args.end();
        return c;
    }
}
