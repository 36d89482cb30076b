package org.colombier.server.imap.protocol.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.colombier.server.imap.protocol.SequenceSet;
import org.colombier.server.imap.protocol.Token;

/**
 * [UID] FETCH set (items | macro) [(CHANGEDSINCE modseq [VANISHED])] (RFC 3501, RFC 7162).
 *
 * @param changedSince -1 when not given
 * @param vanished UID FETCH's VANISHED modifier (QRESYNC)
 */
public record FetchCommand(boolean uid, SequenceSet set, List<FetchItem> items, long changedSince, boolean vanished)
        implements ImapCommand {

    public FetchCommand {
        items = List.copyOf(items);
    }

    private static final List<FetchItem> FAST = attributes(FetchItem.Kind.FLAGS, FetchItem.Kind.INTERNALDATE,
            FetchItem.Kind.RFC822_SIZE);
    private static final List<FetchItem> ALL = attributes(FetchItem.Kind.FLAGS, FetchItem.Kind.INTERNALDATE,
            FetchItem.Kind.RFC822_SIZE, FetchItem.Kind.ENVELOPE);
    private static final List<FetchItem> FULL = attributes(FetchItem.Kind.FLAGS, FetchItem.Kind.INTERNALDATE,
            FetchItem.Kind.RFC822_SIZE, FetchItem.Kind.ENVELOPE, FetchItem.Kind.BODY);

    private static List<FetchItem> attributes(FetchItem.Kind... kinds) {
        List<FetchItem> items = new ArrayList<>();
        for (FetchItem.Kind k : kinds) {
            items.add(new FetchItem.Attribute(k));
        }
        return List.copyOf(items);
    }

    public static FetchCommand parse(Args args, boolean uid) throws CommandParseException {
        SequenceSet set = args.sequenceSet();
        Token t = args.next("fetch items");
        List<FetchItem> items;
        if (t instanceof Token.ListToken list) {
            if (list.items().isEmpty()) {
                throw CommandParseException.bad("Empty fetch item list");
            }
            items = new ArrayList<>();
            for (Token item : list.items()) {
                if (!(item instanceof Token.Atom a)) {
                    throw CommandParseException.bad("Invalid fetch item: " + item);
                }
                items.add(item(a.text()));
            }
        } else if (t instanceof Token.Atom a) {
            items = switch (a.text().toUpperCase(Locale.ROOT)) {
                case "ALL" -> ALL;
                case "FAST" -> FAST;
                case "FULL" -> FULL;
                default -> List.of(item(a.text()));
            };
        } else {
            throw CommandParseException.bad("Invalid fetch item: " + t);
        }
        long changedSince = -1;
        boolean vanished = false;
        if (args.hasMore()) {
            Args mods = args.inside(args.list("fetch modifiers"));
            while (mods.hasMore()) {
                if (mods.accept("CHANGEDSINCE")) {
                    changedSince = mods.modSeq("CHANGEDSINCE mod-sequence");
                } else if (mods.accept("VANISHED")) {
                    vanished = true;
                } else {
                    throw CommandParseException.bad("Unknown fetch modifier: " + mods.next("modifier"));
                }
            }
        }
        args.end();
        if (vanished && (!uid || changedSince < 0)) {
            throw CommandParseException.bad("VANISHED needs UID FETCH with CHANGEDSINCE");
        }
        return new FetchCommand(uid, set, items, changedSince, vanished);
    }

    static FetchItem item(String text) throws CommandParseException {
        String upper = text.toUpperCase(Locale.ROOT);
        int open = upper.indexOf('[');
        if (open < 0) {
            for (FetchItem.Kind k : FetchItem.Kind.values()) {
                if (k.imapName().equals(upper)) {
                    return new FetchItem.Attribute(k);
                }
            }
            throw CommandParseException.bad("Unknown fetch item: " + text);
        }
        int close = text.indexOf(']', open);
        if (close < 0) {
            throw CommandParseException.bad("Unknown fetch item: " + text);
        }
        String name = upper.substring(0, open);
        String spec = text.substring(open + 1, close);
        FetchItem.Partial partial = partial(text.substring(close + 1), text);
        switch (name) {
            case "BODY", "BODY.PEEK" -> {
                return new FetchItem.BodySection(name.equals("BODY.PEEK"), Section.parse(spec), partial);
            }
            case "BINARY", "BINARY.PEEK" -> {
                return new FetchItem.Binary(name.equals("BINARY.PEEK"), binaryPart(spec), partial);
            }
            case "BINARY.SIZE" -> {
                if (partial != null) {
                    throw CommandParseException.bad("BINARY.SIZE takes no partial range");
                }
                return new FetchItem.BinarySize(binaryPart(spec));
            }
            default -> throw CommandParseException.bad("Unknown fetch item: " + text);
        }
    }

    private static List<Integer> binaryPart(String spec) throws CommandParseException {
        List<Integer> part = new ArrayList<>();
        if (Section.partPath(spec, part) != spec.length()) {
            throw CommandParseException.bad("Invalid BINARY section: only part numbers are allowed");
        }
        return part;
    }

    private static FetchItem.Partial partial(String s, String item) throws CommandParseException {
        if (s.isEmpty()) {
            return null;
        }
        int dot = s.indexOf('.');
        if (!s.startsWith("<") || !s.endsWith(">") || dot < 0) {
            throw CommandParseException.bad("Invalid partial range in " + item);
        }
        long offset = Args.number(s.substring(1, dot), "partial offset", 0xFFFF_FFFFL);
        long length = Args.number(s.substring(dot + 1, s.length() - 1), "partial length", 0xFFFF_FFFFL);
        if (length == 0) {
            throw CommandParseException.bad("Invalid partial range in " + item + ": length must not be 0");
        }
        return new FetchItem.Partial(offset, length);
    }
}
