package org.colombier.server.imap.protocol.command;

import java.util.ArrayList;
import java.util.List;

/** ENABLE capability... (RFC 5161). */
public record EnableCommand(List<String> capabilities) implements ImapCommand {
    public EnableCommand {
        capabilities = List.copyOf(capabilities);
    }

    public static EnableCommand parse(Args args) throws CommandParseException {
        List<String> caps = new ArrayList<>();
        do {
            caps.add(args.atom("capability"));
        } while (args.hasMore());
        return new EnableCommand(caps);
    }
}
