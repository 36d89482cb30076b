package org.colombier.server.imap.protocol.command;

import java.util.ArrayList;
import java.util.List;

import org.colombier.server.imap.protocol.Token;

/** CREATE mailbox [(USE (special-use...))] (RFC 3501, RFC 6154). */
public record CreateCommand(String mailbox, List<String> specialUse) implements ImapCommand {
    public CreateCommand {
        specialUse = List.copyOf(specialUse);
    }

    public static CreateCommand parse(Args args) throws CommandParseException {
        String mailbox = args.mailbox();
        List<String> uses = new ArrayList<>();
        if (args.hasMore()) {
            Args params = args.inside(args.list("create parameters"));
            while (params.hasMore()) {
                if (!params.accept("USE")) {
                    throw CommandParseException.bad("Unknown create parameter: " + params.next("parameter"));
                }
                for (Token t : params.list("special-use list").items()) {
                    if (!(t instanceof Token.Atom a) || !a.text().startsWith("\\")) {
                        throw CommandParseException.bad("Invalid special-use attribute: " + t);
                    }
                    uses.add(a.text());
                }
            }
        }
        args.end();
        return new CreateCommand(mailbox, uses);
    }
}
