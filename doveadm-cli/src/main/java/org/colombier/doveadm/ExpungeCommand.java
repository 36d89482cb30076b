package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code doveadm expunge -u USER|-A QUERY}: removes the matching messages for good. Prints nothing. */
@Command(name = "expunge", description = "Expunge the messages matching a search query.")
final class ExpungeCommand extends SearchMailCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "Search query (give a mailbox: it is all mailboxes otherwise).")
    List<String> queryWords;

    @Override
    public Integer call() {
        SearchQuery query = query(queryWords);
        return run((user, mailboxes) -> MailboxMatch.search(mailboxes, query, separator(), (mailbox, matches) -> {
            if (!matches.isEmpty()) {
                mailbox.expunge(MailboxMatch.uids(matches));
            }
        }));
    }
}
