package org.colombier.server.imap.protocol.command;

import java.util.ArrayList;
import java.util.List;

import org.colombier.server.imap.protocol.Token;

/** A STATUS data item (RFC 3501; SIZE from RFC 8438, HIGHESTMODSEQ from RFC 7162, DELETED from RFC 9051). */
public enum StatusItem {
    MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, SIZE, HIGHESTMODSEQ, DELETED;

    static List<StatusItem> parseList(Token.ListToken list) throws CommandParseException {
        if (list.items().isEmpty()) {
            throw CommandParseException.bad("Empty STATUS item list");
        }
        List<StatusItem> items = new ArrayList<>();
        for (Token t : list.items()) {
            StatusItem item = null;
            for (StatusItem s : values()) {
                if (t instanceof Token.Atom a && a.is(s.name())) {
                    item = s;
                }
            }
            if (item == null) {
                throw CommandParseException.bad("Unknown STATUS item: " + t);
            }
            if (!items.contains(item)) {
                items.add(item);
            }
        }
        return items;
    }
}
