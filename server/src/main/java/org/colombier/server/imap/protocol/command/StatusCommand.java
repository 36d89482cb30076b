package org.colombier.server.imap.protocol.command;

import java.util.List;

/** STATUS mailbox (items). */
public record StatusCommand(String mailbox, List<StatusItem> items) implements ImapCommand {
    public StatusCommand {
        items = List.copyOf(items);
    }

    public static StatusCommand parse(Args args) throws CommandParseException {
        StatusCommand c = new StatusCommand(args.mailbox(), StatusItem.parseList(args.list("status items")));
        args.end();
        return c;
    }
}
