package org.colombier.api.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A mailbox name as a list of hierarchy levels, in Unicode, free of any protocol's separator or
 * any backend's encoding: IMAP turns {@code "Archive/2024"} (with its separator and modified UTF-7)
 * into {@code [Archive, 2024]}, and Maildir turns that into {@code .Archive.2024}.
 *
 * <p>Every level is checked here, once, so no backend can be handed a name that leaves the mail
 * root: empty levels, {@code .} and {@code ..}, {@code /}, control characters and over-long names
 * are refused with {@link StoreError#NO_PERMISSION}. INBOX is case-insensitive at the top level and
 * always spelled {@code INBOX}.
 */
public record MailboxPath(List<String> levels) implements Comparable<MailboxPath> {
    public static final MailboxPath INBOX = new MailboxPath(List.of("INBOX"));
    /** Longest name of one level, in UTF-16 chars; Dovecot limits a whole name to 255 bytes per level. */
    public static final int MAX_LEVEL_LENGTH = 255;
    public static final int MAX_DEPTH = 16;
    private static final Pattern FORBIDDEN = Pattern.compile("[\\x00-\\x1f\\x7f/\\\\]");

    public MailboxPath {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a mailbox path has at least one level");
        }
        if (levels.get(0).equalsIgnoreCase("INBOX") && !levels.get(0).equals("INBOX")) {
            List<String> l = new ArrayList<>(levels);
            l.set(0, "INBOX");
            levels = List.copyOf(l);
        }
    }

    /**
     * A path from its levels, refusing any level that could escape the mail root or is not a
     * valid name.
     */
    public static MailboxPath of(List<String> levels) throws StoreException {
        if (levels.isEmpty()) {
            throw new StoreException(StoreError.NO_PERMISSION, "Empty mailbox name");
        }
        if (levels.size() > MAX_DEPTH) {
            throw new StoreException(StoreError.NO_PERMISSION, "Mailbox name has too many levels");
        }
        for (String level : levels) {
            if (level.isEmpty() || level.equals(".") || level.equals("..")) {
                throw new StoreException(StoreError.NO_PERMISSION, "Invalid mailbox name: empty, '.' or '..' level");
            }
            if (level.length() > MAX_LEVEL_LENGTH) {
                throw new StoreException(StoreError.NO_PERMISSION, "Mailbox name too long");
            }
            if (FORBIDDEN.matcher(level).find()) {
                throw new StoreException(StoreError.NO_PERMISSION, "Mailbox name contains a forbidden character");
            }
            if (level.startsWith("~")) {
                throw new StoreException(StoreError.NO_PERMISSION, "Mailbox name may not start with '~'");
            }
        }
        return new MailboxPath(levels);
    }

    /** Splits {@code name} at {@code separator} and checks it like {@link #of(List)}. */
    public static MailboxPath parse(String name, char separator) throws StoreException {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == separator) {
                parts.add(name.substring(start, i));
                start = i + 1;
            }
        }
        return of(parts);
    }

    public boolean isInbox() {
        return levels.size() == 1 && levels.get(0).equals("INBOX");
    }

    /** The last level: what a client shows as the folder's name. */
    public String name() {
        return levels.get(levels.size() - 1);
    }

    public MailboxPath parent() {
        return levels.size() == 1 ? null : new MailboxPath(levels.subList(0, levels.size() - 1));
    }

    public MailboxPath child(String level) throws StoreException {
        List<String> l = new ArrayList<>(levels);
        l.add(level);
        return of(l);
    }

    /** True when this path is {@code other} or lies below it. */
    public boolean isWithin(MailboxPath other) {
        return levels.size() >= other.levels.size() && levels.subList(0, other.levels.size()).equals(other.levels);
    }

    /** This path with the leading {@code from} levels replaced by {@code to}; used by RENAME of a subtree. */
    public MailboxPath rebase(MailboxPath from, MailboxPath to) {
        if (!isWithin(from)) {
            throw new IllegalArgumentException(this + " is not within " + from);
        }
        List<String> l = new ArrayList<>(to.levels);
        l.addAll(levels.subList(from.levels.size(), levels.size()));
        return new MailboxPath(l);
    }

    public String join(char separator) {
        return String.join(String.valueOf(separator), levels);
    }

    @Override
    public int compareTo(MailboxPath o) {
        int n = Math.min(levels.size(), o.levels.size());
        for (int i = 0; i < n; i++) {
            int c = levels.get(i).compareTo(o.levels.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(levels.size(), o.levels.size());
    }

    @Override
    public String toString() {
        return join('/');
    }
}
