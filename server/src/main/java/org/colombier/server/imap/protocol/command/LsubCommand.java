package org.colombier.server.imap.protocol.command;

/** LSUB reference pattern. */
public record LsubCommand(String reference, String pattern) implements ImapCommand {

    public static LsubCommand parse(Args args) throws CommandParseException {
        LsubCommand c = new LsubCommand(args.mailboxNameOf(args.astring("reference")), args.listMailbox());
        args.end();
        return c;
    }
}
