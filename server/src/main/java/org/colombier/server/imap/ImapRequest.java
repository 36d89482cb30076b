package org.colombier.server.imap;

import java.util.Locale;

/**
 * A command line split into tag, command name and the unparsed rest.
 *
 * @param name      upper-cased; empty when the line held only a tag
 * @param arguments everything after the name and one space, or empty
 */
public record ImapRequest(String tag, String name, String arguments) {

    /** Splits {@code line}; null when it does not start with a valid tag. */
    public static ImapRequest parse(String line) {
        int space = line.indexOf(' ');
        String tag = space < 0 ? line : line.substring(0, space);
        if (!validTag(tag)) {
            return null;
        }
        if (space < 0) {
            return new ImapRequest(tag, "", "");
        }
        String rest = line.substring(space + 1);
        int next = rest.indexOf(' ');
        String name = next < 0 ? rest : rest.substring(0, next);
        String arguments = next < 0 ? "" : rest.substring(next + 1);
        return new ImapRequest(tag, name.toUpperCase(Locale.ROOT), arguments);
    }

    /** RFC 3501 {@code tag = 1*<any ASTRING-CHAR except "+">}. */
    static boolean validTag(String tag) {
        if (tag.isEmpty()) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\+".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The name is a plain atom of letters (command names are); anything else is not a command. */
    boolean wellFormedName() {
        return !name.isEmpty() && name.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    }
}
