package org.colombier.server.imap.protocol.command;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.ModifiedUtf7;
import org.colombier.api.storage.SystemFlag;
import org.colombier.server.imap.protocol.ImapDates;
import org.colombier.server.imap.protocol.Literal;
import org.colombier.server.imap.protocol.SequenceSet;
import org.colombier.server.imap.protocol.Token;

/** A cursor over a command's argument tokens, reading them as the IMAP grammar's types. */
public final class Args {
    private final List<Token> tokens;
    private final ParseContext context;
    private int pos;

    public Args(List<Token> tokens, ParseContext context) {
        this.tokens = tokens;
        this.context = context;
    }

    /** The items of {@code list}, read in the same context. */
    public Args inside(Token.ListToken list) {
        return new Args(list.items(), context);
    }

    public boolean hasMore() {
        return pos < tokens.size();
    }

    public Token peek() {
        return hasMore() ? tokens.get(pos) : null;
    }

    public Token next(String what) throws CommandParseException {
        if (!hasMore()) {
            throw CommandParseException.bad("Missing " + what);
        }
        return tokens.get(pos++);
    }

    /** Fails unless every argument was read. */
    public void end() throws CommandParseException {
        if (hasMore()) {
            throw CommandParseException.bad("Unexpected extra argument: " + abbreviate(peek()));
        }
    }

    private static String abbreviate(Token t) {
        String s = t.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** True (and consumed) when the next argument is the atom {@code word}, any case. */
    public boolean accept(String word) {
        if (peek() instanceof Token.Atom a && a.is(word)) {
            pos++;
            return true;
        }
        return false;
    }

    public boolean peekList() {
        return peek() instanceof Token.ListToken;
    }

    public String atom(String what) throws CommandParseException {
        if (next(what) instanceof Token.Atom a) {
            return a.text();
        }
        throw CommandParseException.bad("Invalid " + what + ": expected an atom");
    }

    public Token.ListToken list(String what) throws CommandParseException {
        if (next(what) instanceof Token.ListToken l) {
            return l;
        }
        throw CommandParseException.bad("Invalid " + what + ": expected a parenthesized list");
    }

    public Literal literal(String what) throws CommandParseException {
        if (next(what) instanceof Token.LiteralToken l) {
            return l.literal();
        }
        throw CommandParseException.bad("Invalid " + what + ": expected a literal");
    }

    /** An astring: atom, quoted string or literal. */
    public String astring(String what) throws CommandParseException {
        return text(next(what), what, true);
    }

    /**
     * A LOGIN user name: an astring, but an atom may hold {@code *} and {@code %}, as Dovecot allows,
     * so {@code LOGIN user*master pass} works unquoted for master users.
     */
    public String userid(String what) throws CommandParseException {
        Token t = next(what);
        if (t instanceof Token.Atom a && a.text().indexOf('\\') < 0) {
            return a.text();
        }
        return text(t, what, true);
    }

    /** A string: quoted or literal. */
    public String string(String what) throws CommandParseException {
        return text(next(what), what, false);
    }

    /** An nstring: a string or NIL (null). */
    public String nstring(String what) throws CommandParseException {
        if (peek() instanceof Token.Atom a && a.isNil()) {
            pos++;
            return null;
        }
        return string(what);
    }

    private static String text(Token t, String what, boolean atomOk) throws CommandParseException {
        if (t instanceof Token.Quoted q) {
            return q.value();
        }
        if (t instanceof Token.LiteralToken l) {
            return l.literal().asString();
        }
        if (atomOk && t instanceof Token.Atom a && isAstringAtom(a.text())) {
            return a.text();
        }
        throw CommandParseException.bad("Invalid " + what + ": expected a string");
    }

    private static boolean isAstringAtom(String s) {
        return s.chars().noneMatch(c -> c == '%' || c == '*' || c == '\\');
    }

    /** A mailbox name, decoded from modified UTF-7 unless UTF-8 is enabled; INBOX in any case is INBOX. */
    public String mailbox() throws CommandParseException {
        String name = mailboxNameOf(astring("mailbox name"));
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    String mailboxNameOf(String raw) throws CommandParseException {
        if (context.utf8()) {
            return raw;
        }
        try {
            return ModifiedUtf7.decode(raw);
        } catch (IllegalArgumentException e) {
            // a well-formed command naming a mailbox that cannot exist: NO, as Dovecot answers
            throw CommandParseException.no(null, e.getMessage());
        }
    }

    /** A list-mailbox: an atom that may hold the wildcards {@code %} and {@code *}, or a string. */
    public String listMailbox() throws CommandParseException {
        Token t = next("mailbox pattern");
        String raw = t instanceof Token.Atom a ? a.text() : text(t, "mailbox pattern", false);
        try {
            return mailboxNameOf(raw);
        } catch (CommandParseException e) {
            return raw; // a pattern no mailbox name can match lists nothing; it is not an error
        }
    }

    /** An unsigned 32-bit number. */
    public long number(String what) throws CommandParseException {
        return number(atom(what), what, 0xFFFF_FFFFL);
    }

    /** A non-zero unsigned 32-bit number. */
    public long nzNumber(String what) throws CommandParseException {
        long n = number(what);
        if (n == 0) {
            throw CommandParseException.bad("Invalid " + what + ": must not be 0");
        }
        return n;
    }

    /** A mod-sequence value (RFC 7162): up to 2^63-1. */
    public long modSeq(String what) throws CommandParseException {
        return number(atom(what), what, Long.MAX_VALUE);
    }

    static long number(String s, String what, long max) throws CommandParseException {
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw CommandParseException.bad("Invalid " + what + ": expected a number, got " + s);
        }
        long n = Long.parseLong(s);
        if (n > max) {
            throw CommandParseException.bad("Invalid " + what + ": number too large");
        }
        return n;
    }

    public SequenceSet sequenceSet() throws CommandParseException {
        String s = atom("sequence set");
        try {
            return SequenceSet.parse(s);
        } catch (IllegalArgumentException e) {
            throw CommandParseException.bad(e.getMessage());
        }
    }

    /** A SEARCH date, bare or quoted. */
    public LocalDate date(String what) throws CommandParseException {
        Token t = next(what);
        String s = t instanceof Token.Atom a ? a.text() : t instanceof Token.Quoted q ? q.value() : null;
        if (s == null) {
            throw CommandParseException.bad("Invalid " + what + ": expected a date");
        }
        try {
            return ImapDates.parseDate(s);
        } catch (IllegalArgumentException e) {
            throw CommandParseException.bad(e.getMessage());
        }
    }

    /** A parenthesized flag list. */
    public Flags flagList() throws CommandParseException {
        return flags(list("flag list").items());
    }

    /** Message flags: system flags ({@code \Recent} is not settable) and keywords. */
    public static Flags flags(List<Token> tokens) throws CommandParseException {
        Set<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        Set<String> keywords = new LinkedHashSet<>();
        for (Token t : tokens) {
            if (!(t instanceof Token.Atom a)) {
                throw CommandParseException.bad("Invalid flag: " + abbreviate(t));
            }
            String f = a.text();
            if (f.startsWith("\\")) {
                SystemFlag sf = SystemFlag.fromImapName(f);
                if (sf == null) {
                    throw CommandParseException.bad("Invalid system flag: " + f);
                }
                system.add(sf);
            } else {
                keywords.add(keyword(f));
            }
        }
        return new Flags(system, keywords);
    }

    /** A flag-keyword: an atom without {@code \}, wildcards or {@code ]}. */
    public static String keyword(String f) throws CommandParseException {
        if (f.isEmpty() || f.chars().anyMatch(c -> c == '\\' || c == '%' || c == '*' || c == ']')) {
            throw CommandParseException.bad("Invalid keyword: " + f);
        }
        return f;
    }

    /** Upper-case form of an option atom, for matching against enum names. */
    public static String option(String atom) {
        return atom.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
