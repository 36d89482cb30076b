package org.colombier.server.imap.protocol.command;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.colombier.api.storage.Flags;
import org.colombier.server.imap.protocol.ImapDates;
import org.colombier.server.imap.protocol.Literal;
import org.colombier.server.imap.protocol.Token;

/**
 * APPEND mailbox [flags] [date-time] literal, repeated for MULTIAPPEND (RFC 3502); the literal may
 * be a BINARY literal8 (RFC 3516). The literals belong to the request: close it after the append.
 */
public record AppendCommand(String mailbox, List<Message> messages) implements ImapCommand {

    /** One message to append; {@code internalDate} is null when the client gave none. */
    public record Message(Flags flags, OffsetDateTime internalDate, Literal content) {
    }

    public AppendCommand {
        messages = List.copyOf(messages);
    }

    public static AppendCommand parse(Args args) throws CommandParseException {
        String mailbox = args.mailbox();
        List<Message> messages = new ArrayList<>();
        do {
            Flags flags = args.peekList() ? args.flagList() : Flags.NONE;
            OffsetDateTime date = null;
            if (args.peek() instanceof Token.Quoted q) {
                args.next("date-time");
                try {
                    date = ImapDates.parseDateTime(q.value());
                } catch (IllegalArgumentException e) {
                    throw CommandParseException.bad(e.getMessage());
                }
            }
            messages.add(new Message(flags, date, args.literal("message literal")));
        } while (args.hasMore());
        return new AppendCommand(mailbox, messages);
    }
}
