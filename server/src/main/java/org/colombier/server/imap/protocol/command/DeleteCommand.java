package org.colombier.server.imap.protocol.command;

/** DELETE mailbox. */
public record DeleteCommand(String mailbox) implements ImapCommand {

    public static DeleteCommand parse(Args args) throws CommandParseException {
        DeleteCommand c = new DeleteCommand(args.mailbox());
        args.end();
        return c;
    }
}
