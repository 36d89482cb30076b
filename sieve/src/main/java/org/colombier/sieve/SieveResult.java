package org.colombier.sieve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.colombier.sieve.action.Action;
import org.colombier.sieve.mail.HeaderField;
import org.colombier.sieve.store.TrackingStore;

/**
 * The outcome of a successful evaluation.
 *
 * @param actions           explicit actions in script order
 * @param implicitKeep      true when no action cancelled the implicit keep (RFC 5228 section 2.10.2)
 * @param implicitKeepFlags IMAP flags for the implicit keep (imap4flags internal variable at the end)
 * @param headers           the header as editheader left it (unchanged when no edit happened)
 * @param headersEdited     true when addheader/deleteheader changed the header
 * @param pending           state to record once the message is delivered ({@link #commit()})
 */
public record SieveResult(List<Action> actions, boolean implicitKeep, List<String> implicitKeepFlags,
                          List<HeaderField> headers, boolean headersEdited, List<PendingMark> pending) {

    /** A vacation or duplicate record to write after successful delivery. */
    public record PendingMark(TrackingStore store, String key, Instant expiry) { }

    public SieveResult {
        actions = List.copyOf(actions);
        implicitKeepFlags = List.copyOf(implicitKeepFlags);
        headers = List.copyOf(headers);
        pending = List.copyOf(pending);
    }

    /** The actions the delivery must carry out, with the implicit keep made explicit as a final {@link Action.Keep}. */
    public List<Action> deliveryActions() {
        List<Action> all = new ArrayList<>(actions);
        boolean inboxStored = actions.stream().anyMatch(a -> a instanceof Action.Keep
                || (a instanceof Action.FileInto f && f.mailbox().equalsIgnoreCase("INBOX")));
        if (implicitKeep && !inboxStored) {
            all.add(new Action.Keep(implicitKeepFlags)); // one copy in INBOX, even after "fileinto :copy \"INBOX\""
        }
        return all;
    }

    /**
     * Records vacation replies sent and message ids seen. Call after the actions were carried out (RFC 7352
     * section 3: only a successful delivery counts), or not at all when delivery failed.
     */
    public void commit() {
        for (PendingMark m : pending) {
            m.store().record(m.key(), m.expiry());
        }
    }
}
