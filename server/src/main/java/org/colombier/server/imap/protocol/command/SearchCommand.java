package org.colombier.server.imap.protocol.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.colombier.api.storage.SystemFlag;
import org.colombier.server.imap.protocol.ResponseCode;
import org.colombier.server.imap.protocol.SequenceSet;
import org.colombier.server.imap.protocol.Token;

/**
 * [UID] SEARCH [RETURN (options)] [CHARSET charset] keys (RFC 3501, RFC 4731 ESEARCH, RFC 5182
 * SEARCHRES).
 *
 * @param returnOptions null for a plain SEARCH (answered with {@code * SEARCH}); otherwise the ESEARCH
 *     options, {@code RETURN ()} meaning ALL
 * @param charset the CHARSET the client named (UTF-8 or US-ASCII), null when none
 * @param key the criteria; several top-level keys are an {@link SearchKey.And}
 */
public record SearchCommand(boolean uid, Set<Return> returnOptions, String charset, SearchKey key)
        implements ImapCommand {
    public enum Return { MIN, MAX, ALL, COUNT, SAVE }

    public static final List<String> CHARSETS = List.of("UTF-8", "US-ASCII");
    private static final int MAX_DEPTH = 64;

    public SearchCommand {
        returnOptions = returnOptions == null ? null : Set.copyOf(returnOptions);
    }

    public static SearchCommand parse(Args args, boolean uid) throws CommandParseException {
        Set<Return> returns = null;
        if (args.accept("RETURN")) {
            returns = EnumSet.noneOf(Return.class);
            for (Token t : args.list("RETURN options").items()) {
                returns.add(ListCommand.option(Return.class, t, "RETURN option"));
            }
            if (returns.isEmpty()) {
                returns.add(Return.ALL);
            }
        }
        String charset = null;
        if (args.accept("CHARSET")) {
            charset = args.astring("charset").toUpperCase(Locale.ROOT);
            if (!CHARSETS.contains(charset)) {
                throw CommandParseException.no(ResponseCode.badCharset(CHARSETS), "Unsupported charset " + charset);
            }
        }
        List<SearchKey> keys = new ArrayList<>();
        do {
            keys.add(key(args, 0));
        } while (args.hasMore());
        return new SearchCommand(uid, returns, charset, keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys));
    }

    private static SearchKey key(Args a, int depth) throws CommandParseException {
        if (depth > MAX_DEPTH) {
            throw CommandParseException.bad("Search criteria nested too deeply");
        }
        Token t = a.next("search key");
        if (t instanceof Token.ListToken list) {
            Args inner = a.inside(list);
            List<SearchKey> keys = new ArrayList<>();
            do {
                keys.add(key(inner, depth + 1));
            } while (inner.hasMore());
            return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
        }
        if (!(t instanceof Token.Atom atom)) {
            throw CommandParseException.bad("Invalid search key: " + t);
        }
        String word = atom.text().toUpperCase(Locale.ROOT);
        return switch (word) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" -> flag(word, true);
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" -> flag(word.substring(2), false);
            case "RECENT" -> new SearchKey.Recent(true);
            case "OLD" -> new SearchKey.Recent(false);
            case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(true), flag("SEEN", false)));
            case "KEYWORD" -> new SearchKey.Keyword(Args.keyword(a.atom("keyword")), true);
            case "UNKEYWORD" -> new SearchKey.Keyword(Args.keyword(a.atom("keyword")), false);
            case "BCC", "CC", "FROM", "SUBJECT", "TO" -> new SearchKey.Header(word, a.astring(word + " value"));
            case "HEADER" -> new SearchKey.Header(a.astring("header field name"), a.astring("header value"));
            case "BODY" -> new SearchKey.Body(a.astring("BODY value"));
            case "TEXT" -> new SearchKey.Text(a.astring("TEXT value"));
            case "BEFORE", "ON", "SINCE" -> date(SearchKey.DateField.INTERNAL, word, a);
            case "SENTBEFORE", "SENTON", "SENTSINCE" -> date(SearchKey.DateField.SENT, word.substring(4), a);
            case "LARGER" -> new SearchKey.Size(true, a.number("size"));
            case "SMALLER" -> new SearchKey.Size(false, a.number("size"));
            case "OLDER" -> new SearchKey.Within(true, a.nzNumber("interval"));
            case "YOUNGER" -> new SearchKey.Within(false, a.nzNumber("interval"));
            case "NOT" -> new SearchKey.Not(key(a, depth + 1));
            case "OR" -> new SearchKey.Or(key(a, depth + 1), key(a, depth + 1));
            case "UID" -> new SearchKey.Uid(a.sequenceSet());
            case "MODSEQ" -> modSeq(a);
            default -> sequence(atom.text());
        };
    }

    private static SearchKey flag(String name, boolean set) {
        return new SearchKey.Flag(SystemFlag.fromImapName("\\" + name), set);
    }

    private static SearchKey date(SearchKey.DateField field, String comparison, Args a) throws CommandParseException {
        return new SearchKey.Date(field, SearchKey.Comparison.valueOf(comparison), a.date("date"));
    }

    private static SearchKey modSeq(Args a) throws CommandParseException {
        String entryName = null;
        String entryType = null;
        if (a.peek() instanceof Token.Quoted || a.peek() instanceof Token.LiteralToken) {
            entryName = a.string("entry name");
            entryType = a.atom("entry type").toLowerCase(Locale.ROOT);
            if (!List.of("priv", "shared", "all").contains(entryType)) {
                throw CommandParseException.bad("Invalid MODSEQ entry type: " + entryType);
            }
        }
        return new SearchKey.ModSeq(a.modSeq("mod-sequence"), entryName, entryType);
    }

    private static SearchKey sequence(String text) throws CommandParseException {
        if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || text.charAt(0) == '*' || text.equals("$"))) {
            throw CommandParseException.bad("Unknown search key: " + text);
        }
        try {
            return new SearchKey.Sequence(SequenceSet.parse(text));
        } catch (IllegalArgumentException e) {
            throw CommandParseException.bad(e.getMessage());
        }
    }
}
