package org.colombier.server.imap.protocol.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.colombier.server.imap.protocol.Token;

/**
 * LIST [(selection-options)] reference (pattern | (patterns)) [RETURN (return-options)]
 * (RFC 3501, RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS, RFC 6154 SPECIAL-USE).
 *
 * @param statusItems the items of {@code RETURN (STATUS (...))}, empty when not asked
 */
public record ListCommand(String reference, List<String> patterns, Set<Selection> selection,
                          Set<Return> returnOptions, List<StatusItem> statusItems) implements ImapCommand {
    public enum Selection { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }

    public enum Return { SUBSCRIBED, CHILDREN, SPECIAL_USE, STATUS }

    public ListCommand {
        patterns = List.copyOf(patterns);
        selection = Set.copyOf(selection);
        returnOptions = Set.copyOf(returnOptions);
        statusItems = List.copyOf(statusItems);
    }

    public static ListCommand parse(Args args) throws CommandParseException {
        Set<Selection> selection = EnumSet.noneOf(Selection.class);
        if (args.peekList()) {
            for (Token t : args.list("selection options").items()) {
                selection.add(option(Selection.class, t, "selection option"));
            }
            if (selection.contains(Selection.RECURSIVEMATCH)
                    && selection.stream().allMatch(s -> s == Selection.RECURSIVEMATCH || s == Selection.REMOTE)) {
                throw CommandParseException.bad("RECURSIVEMATCH needs another selection option");
            }
        }
        String reference = args.mailboxNameOf(args.astring("reference"));
        List<String> patterns = new ArrayList<>();
        if (args.peekList()) {
            Args p = args.inside(args.list("mailbox patterns"));
            while (p.hasMore()) {
                patterns.add(p.listMailbox());
            }
            if (patterns.isEmpty()) {
                throw CommandParseException.bad("Empty mailbox pattern list");
            }
        } else {
            patterns.add(args.listMailbox());
        }
        Set<Return> returns = EnumSet.noneOf(Return.class);
        List<StatusItem> statusItems = List.of();
        if (args.accept("RETURN")) {
            Args r = args.inside(args.list("return options"));
            while (r.hasMore()) {
                Return option = option(Return.class, r.next("return option"), "return option");
                returns.add(option);
                if (option == Return.STATUS) {
                    statusItems = StatusItem.parseList(r.list("status items"));
                }
            }
        }
        args.end();
        return new ListCommand(reference, patterns, selection, returns, statusItems);
    }

    /** True when the client used any LIST-EXTENDED syntax, which changes how LIST answers. */
    public boolean extended() {
        return !selection.isEmpty() || !returnOptions.isEmpty() || patterns.size() > 1;
    }

    static <E extends Enum<E>> E option(Class<E> type, Token t, String what) throws CommandParseException {
        if (t instanceof Token.Atom a) {
            String name = Args.option(a.text());
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
        }
        throw CommandParseException.bad("Unknown " + what + ": " + t);
    }
}
