package org.colombier.server.imap.protocol.command;

/** RENAME existing new. */
public record RenameCommand(String from, String to) implements ImapCommand {

    public static RenameCommand parse(Args args) throws CommandParseException {
        RenameCommand c = new RenameCommand(args.mailbox(), args.mailbox());
        args.end();
        return c;
    }
}
