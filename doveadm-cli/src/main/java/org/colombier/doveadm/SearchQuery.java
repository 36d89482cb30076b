package org.colombier.doveadm;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;

/**
 * doveadm's search query (IMAP SEARCH keys, any case): {@code all}, the flag keys ({@code seen},
 * {@code unseen}, {@code flagged}, ... {@code keyword K}), {@code recent}, {@code new}, {@code old}, {@code uid SET}, a sequence set,
 * {@code header NAME TEXT}, {@code subject|from|to|cc|bcc TEXT}, {@code body TEXT}, {@code text TEXT},
 * {@code larger|smaller SIZE} (k/m/g suffixes), {@code before|since|on DATE} and
 * {@code savedbefore|savedsince|savedon DATE} (the received date),
 * {@code sentbefore|sentsince|senton DATE} (the Date: header; a DATE is {@code YYYY-MM-DD},
 * {@code 1-Jan-2024} or an age like {@code 30d}, {@code 12h}, {@code 2w}), {@code or A B},
 * {@code not A}, parentheses, and {@code mailbox NAME} (a pattern with {@code *} and {@code %}),
 * which chooses the mailboxes searched and so may only appear at the top level. Text matches are
 * case-insensitive substrings of the raw header values or body (MIME encodings are not decoded).
 */
final class SearchQuery {
    /** One search key. */
    sealed interface Key {
        boolean matches(Message m) throws StoreException;
    }

    record All() implements Key {
        public boolean matches(Message m) {
            return true;
        }
    }

    record And(List<Key> keys) implements Key {
        public boolean matches(Message m) throws StoreException {
            for (Key k : keys) {
                if (!k.matches(m)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(Key a, Key b) implements Key {
        public boolean matches(Message m) throws StoreException {
            return a.matches(m) || b.matches(m);
        }
    }

    record Not(Key key) implements Key {
        public boolean matches(Message m) throws StoreException {
            return !key.matches(m);
        }
    }

    record Flag(SystemFlag flag, boolean set) implements Key {
        public boolean matches(Message m) {
            return m.info.flags().has(flag) == set;
        }
    }

    /** {@code recent}, {@code old} (not recent) and {@code new} (recent and unseen). */
    record Recent(boolean recent, boolean unseen) implements Key {
        public boolean matches(Message m) {
            return m.recent == recent && (!unseen || !m.info.flags().has(SystemFlag.SEEN));
        }
    }

    record Keyword(String keyword, boolean set) implements Key {
        public boolean matches(Message m) {
            return m.info.flags().hasKeyword(keyword) == set;
        }
    }

    /** A uid or sequence set; {@code *} is the highest. */
    record NumberSet(List<long[]> ranges, boolean uid) implements Key {
        public boolean matches(Message m) {
            long n = uid ? m.info.uid() : m.seq;
            for (long[] r : ranges) {
                if (n >= r[0] && n <= r[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    record Header(String name, String text) implements Key {
        public boolean matches(Message m) throws StoreException {
            for (String value : m.headerValues(name)) {
                if (contains(value, text)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Body(String text, boolean whole) implements Key {
        public boolean matches(Message m) throws StoreException {
            return contains(whole ? m.text() : m.body(), text);
        }
    }

    record Size(long bytes, boolean larger) implements Key {
        public boolean matches(Message m) {
            return larger ? m.info.size() > bytes : m.info.size() < bytes;
        }
    }

    /**
     * Date comparisons on the received date, or with {@code sent} on the Date: header (a message
     * without a readable one never matches): {@code before} is earlier than {@code from},
     * {@code on} within [from, to).
     */
    record Date(Instant from, Instant to, String op, boolean sent) implements Key {
        public boolean matches(Message m) throws StoreException {
            Instant t = sent ? sentDate(m) : m.info.internalDate();
            if (t == null) {
                return false;
            }
            return switch (op) {
                case "before" -> t.isBefore(from);
                case "since" -> !t.isBefore(from);
                default -> !t.isBefore(from) && t.isBefore(to);
            };
        }
    }

    /** The first Date: header as an instant, or null when absent or not RFC 5322. */
    static Instant sentDate(Message m) throws StoreException {
        List<String> values = m.headerValues("date");
        if (values.isEmpty()) {
            return null;
        }
        // RFC_1123 wants exactly the date-time: drop a trailing "(comment)" such as "(UTC)".
        String value = values.get(0).replaceAll("\\s*\\([^)]*\\)\\s*$", "").trim();
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    final Key key;
    /** The {@code mailbox} patterns; empty means every mailbox. */
    final List<String> mailboxes;

    private SearchQuery(Key key, List<String> mailboxes) {
        this.key = key;
        this.mailboxes = mailboxes;
    }

    private static final DateTimeFormatter IMAP_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH);

    /** Parses the arguments; an error is a usage error naming the problem. */
    static SearchQuery parse(List<String> args) {
        if (args.isEmpty()) {
            throw Doveadm.ExitException.usage("Search query is missing");
        }
        Parser p = new Parser(args);
        List<Key> keys = new ArrayList<>();
        List<String> mailboxes = new ArrayList<>();
        while (!p.done()) {
            if (p.peek().equalsIgnoreCase("mailbox")) {
                p.next();
                mailboxes.add(p.next());
            } else {
                keys.add(p.key());
            }
        }
        return new SearchQuery(keys.isEmpty() ? new All() : keys.size() == 1 ? keys.get(0) : new And(keys), mailboxes);
    }

    private static final class Parser {
        private final List<String> args;
        private int i;

        Parser(List<String> args) {
            this.args = args;
        }

        boolean done() {
            return i >= args.size();
        }

        String peek() {
            return args.get(i);
        }

        String next() {
            if (done()) {
                throw usage("Search query ends too early");
            }
            return args.get(i++);
        }

        Key key() {
            String word = next();
            String lower = word.toLowerCase(Locale.ROOT);
            if (word.equals("(")) {
                List<Key> keys = new ArrayList<>();
                while (!done() && !peek().equals(")")) {
                    keys.add(key());
                }
                if (done()) {
                    throw usage("Missing ')' in search query");
                }
                next();
                return keys.size() == 1 ? keys.get(0) : new And(keys);
            }
            return switch (lower) {
                case "all" -> new All();
                case "or" -> new Or(key(), key());
                case "not" -> new Not(key());
                case "answered", "deleted", "draft", "flagged", "seen" -> new Flag(flag(lower), true);
                case "unanswered", "undeleted", "undraft", "unflagged", "unseen" -> new Flag(flag(lower.substring(2)), false);
                case "recent" -> new Recent(true, false);
                case "old" -> new Recent(false, false);
                case "new" -> new Recent(true, true);
                case "keyword" -> new Keyword(next(), true);
                case "unkeyword" -> new Keyword(next(), false);
                case "uid" -> numbers(next(), true);
                case "header" -> new Header(next(), next());
                case "subject", "from", "to", "cc", "bcc" -> new Header(lower, next());
                case "body" -> new Body(next(), false);
                case "text" -> new Body(next(), true);
                case "larger" -> new Size(size(next()), true);
                case "smaller" -> new Size(size(next()), false);
                case "before", "savedbefore" -> date("before", next(), false);
                case "since", "savedsince" -> date("since", next(), false);
                case "on", "savedon" -> date("on", next(), false);
                case "sentbefore" -> date("before", next(), true);
                case "sentsince" -> date("since", next(), true);
                case "senton" -> date("on", next(), true);
                case "mailbox" -> throw usage("mailbox may only be used at the top level of a search query");
                default -> {
                    if (word.matches("[0-9*][0-9*:,]*")) {
                        yield numbers(word, false);
                    }
                    throw usage("Unknown search key: " + word);
                }
            };
        }

        private static SystemFlag flag(String name) {
            return SystemFlag.valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    static NumberSet numbers(String set, boolean uid) {
        List<long[]> ranges = new ArrayList<>();
        for (String part : set.split(",", -1)) {
            String[] ends = part.split(":", -1);
            if (ends.length > 2) {
                throw usage("Invalid " + (uid ? "uid" : "sequence") + " set: " + set);
            }
            long a = number(ends[0], set);
            long b = ends.length == 2 ? number(ends[1], set) : a;
            ranges.add(new long[] {Math.min(a, b), Math.max(a, b)});
        }
        return new NumberSet(ranges, uid);
    }

    private static long number(String text, String set) {
        if (text.equals("*")) {
            return Long.MAX_VALUE;
        }
        try {
            long n = Long.parseLong(text);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw usage("Invalid set: " + set);
        }
    }

    static long size(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (lower.endsWith("k") || lower.endsWith("m") || lower.endsWith("g")) {
            unit = switch (lower.charAt(lower.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            lower = lower.substring(0, lower.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(lower), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw usage("Invalid size: " + text);
        }
    }

    static Date date(String op, String text, boolean sent) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.matches("\\d+[smhdw]")) {
            long n = Long.parseLong(lower.substring(0, lower.length() - 1));
            Duration age = switch (lower.charAt(lower.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            Instant at = Instant.now().minus(age);
            return new Date(at, at.plus(Duration.ofDays(1)), op, sent);
        }
        LocalDate day;
        try {
            day = text.matches("\\d{4}-\\d{2}-\\d{2}") ? LocalDate.parse(text) : LocalDate.parse(text, IMAP_DATE);
        } catch (DateTimeParseException e) {
            throw usage("Invalid date: " + text);
        }
        ZoneId zone = ZoneId.systemDefault();
        return new Date(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant(), op, sent);
    }

    static boolean contains(String haystack, String needle) {
        return haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    private static Doveadm.ExitException usage(String message) {
        return Doveadm.ExitException.usage(message);
    }
}
