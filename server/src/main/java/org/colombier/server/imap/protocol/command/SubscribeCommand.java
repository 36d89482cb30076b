package org.colombier.server.imap.protocol.command;

/** SUBSCRIBE mailbox, or UNSUBSCRIBE mailbox when {@code subscribe} is false. */
public record SubscribeCommand(String mailbox, boolean subscribe) implements ImapCommand {

    public static SubscribeCommand parse(Args args, boolean subscribe) throws CommandParseException {
        SubscribeCommand c = new SubscribeCommand(args.mailbox(), subscribe);
        args.end();
        return c;
    }
}
