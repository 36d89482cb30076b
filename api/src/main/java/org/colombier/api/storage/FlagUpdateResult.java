package org.colombier.api.storage;

import java.util.List;

/**
 * The result of a flag update.
 *
 * @param updated  the messages whose flags were considered, with their flags and modseq after it
 *                 (unchanged messages keep their modseq)
 * @param modified UIDs left alone because their modseq was above {@code UNCHANGEDSINCE}
 *                 (RFC 7162 CONDSTORE {@code [MODIFIED]})
 */
public record FlagUpdateResult(List<MessageInfo> updated, UidSet modified) {
    public FlagUpdateResult {
        updated = List.copyOf(updated);
    }
}
