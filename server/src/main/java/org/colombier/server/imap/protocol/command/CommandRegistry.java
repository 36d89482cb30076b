package org.colombier.server.imap.protocol.command;

import static java.util.Map.entry;

import java.util.Locale;
import java.util.Map;

import org.colombier.server.imap.protocol.Request;
import org.colombier.server.imap.protocol.Token;
import org.colombier.server.imap.protocol.command.NoArgsCommand.Name;

/** Every command the server parses, by name: the one table of the IMAP command set. */
public final class CommandRegistry {
    private static final Map<String, CommandParser> PARSERS = Map.ofEntries(
            entry("CAPABILITY", a -> NoArgsCommand.parse(Name.CAPABILITY, a)),
            entry("NOOP", a -> NoArgsCommand.parse(Name.NOOP, a)),
            entry("LOGOUT", a -> NoArgsCommand.parse(Name.LOGOUT, a)),
            entry("STARTTLS", a -> NoArgsCommand.parse(Name.STARTTLS, a)),
            entry("AUTHENTICATE", AuthenticateCommand::parse),
            entry("LOGIN", LoginCommand::parse),
            entry("ENABLE", EnableCommand::parse),
            entry("ID", IdCommand::parse),
            entry("NAMESPACE", a -> NoArgsCommand.parse(Name.NAMESPACE, a)),
            entry("SELECT", a -> SelectCommand.parse(a, false)),
            entry("EXAMINE", a -> SelectCommand.parse(a, true)),
            entry("CREATE", CreateCommand::parse),
            entry("DELETE", DeleteCommand::parse),
            entry("RENAME", RenameCommand::parse),
            entry("SUBSCRIBE", a -> SubscribeCommand.parse(a, true)),
            entry("UNSUBSCRIBE", a -> SubscribeCommand.parse(a, false)),
            entry("LIST", ListCommand::parse),
            entry("LSUB", LsubCommand::parse),
            entry("STATUS", StatusCommand::parse),
            entry("APPEND", AppendCommand::parse),
            entry("IDLE", a -> NoArgsCommand.parse(Name.IDLE, a)),
            entry("CHECK", a -> NoArgsCommand.parse(Name.CHECK, a)),
            entry("CLOSE", a -> NoArgsCommand.parse(Name.CLOSE, a)),
            entry("UNSELECT", a -> NoArgsCommand.parse(Name.UNSELECT, a)),
            entry("EXPUNGE", a -> NoArgsCommand.parse(Name.EXPUNGE, a)),
            entry("SEARCH", a -> SearchCommand.parse(a, false)),
            entry("FETCH", a -> FetchCommand.parse(a, false)),
            entry("STORE", a -> StoreCommand.parse(a, false)),
            entry("COPY", a -> CopyCommand.parse(a, false, false)),
            entry("MOVE", a -> CopyCommand.parse(a, false, true)),
            entry("UID SEARCH", a -> SearchCommand.parse(a, true)),
            entry("UID FETCH", a -> FetchCommand.parse(a, true)),
            entry("UID STORE", a -> StoreCommand.parse(a, true)),
            entry("UID COPY", a -> CopyCommand.parse(a, true, false)),
            entry("UID MOVE", a -> CopyCommand.parse(a, true, true)),
            entry("UID EXPUNGE", UidExpungeCommand::parse));

    private CommandRegistry() {
    }

    /** True when {@code name} (upper case, {@code UID FETCH} style for UID commands) is a known command. */
    public static boolean isKnown(String name) {
        return PARSERS.containsKey(name);
    }

    /** The command's name as the table knows it: {@code UID FETCH} for {@code UID fetch}. */
    public static String nameOf(Request request) {
        if (request.command().equals("UID") && !request.args().isEmpty()
                && request.args().get(0) instanceof Token.Atom sub) {
            return "UID " + sub.text().toUpperCase(Locale.ROOT);
        }
        return request.command();
    }

    /** Parses {@code request} into its command record; a BAD (or NO) exception for what cannot run. */
    public static ImapCommand parse(Request request, ParseContext context) throws CommandParseException {
        String name = nameOf(request);
        CommandParser parser = PARSERS.get(name);
        if (parser == null) {
            throw CommandParseException.bad(name.equals("UID") ? "Missing UID command" : "Unknown command " + name);
        }
        int skip = name.startsWith("UID ") ? 1 : 0;
        return parser.parse(new Args(request.args().subList(skip, request.args().size()), context));
    }
}
