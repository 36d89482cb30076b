package org.colombier.server.imap.protocol.command;

import java.time.LocalDate;
import java.util.List;

import org.colombier.api.storage.SystemFlag;
import org.colombier.server.imap.protocol.SequenceSet;

/** A SEARCH criterion (RFC 3501 6.4.4, RFC 5032 WITHIN, RFC 7162 MODSEQ). */
public sealed interface SearchKey {

    /** ALL. */
    record All() implements SearchKey {
    }

    /** ANSWERED, DELETED, DRAFT, FLAGGED, SEEN, or their UN- forms when {@code set} is false. */
    record Flag(SystemFlag flag, boolean set) implements SearchKey {
    }

    /** RECENT, or OLD when {@code recent} is false. NEW is RECENT UNSEEN. */
    record Recent(boolean recent) implements SearchKey {
    }

    /** KEYWORD flag, or UNKEYWORD flag when {@code set} is false. */
    record Keyword(String keyword, boolean set) implements SearchKey {
    }

    /** HEADER field value; BCC, CC, FROM, SUBJECT and TO are HEADER with that field. */
    record Header(String field, String value) implements SearchKey {
    }

    /** BODY string. */
    record Body(String text) implements SearchKey {
    }

    /** TEXT string: header and body. */
    record Text(String text) implements SearchKey {
    }

    enum DateField { INTERNAL, SENT }

    enum Comparison { BEFORE, ON, SINCE }

    /** BEFORE/ON/SINCE (internal date) and SENTBEFORE/SENTON/SENTSINCE (Date: header). */
    record Date(DateField field, Comparison comparison, LocalDate date) implements SearchKey {
    }

    /** LARGER n, or SMALLER n when {@code larger} is false. */
    record Size(boolean larger, long size) implements SearchKey {
    }

    /** OLDER seconds, or YOUNGER seconds when {@code older} is false (RFC 5032). */
    record Within(boolean older, long seconds) implements SearchKey {
    }

    /** MODSEQ [entry-name entry-type] modseq (RFC 7162); the entry parts are null when absent. */
    record ModSeq(long modSeq, String entryName, String entryType) implements SearchKey {
    }

    /** A message sequence set, possibly {@code $}. */
    record Sequence(SequenceSet set) implements SearchKey {
    }

    /** UID set. */
    record Uid(SequenceSet set) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    /** A parenthesized group, or the keys of the command: all must match. */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }
}
