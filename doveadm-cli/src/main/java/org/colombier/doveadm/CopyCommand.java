package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import org.colombier.api.storage.Mailbox;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code doveadm copy -u USER|-A DESTINATION QUERY}: copies the matching messages into DESTINATION (68 if it is missing). */
@Command(name = "copy", description = "Copy the messages matching a search query to another mailbox.")
final class CopyCommand extends SearchMailCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DESTINATION")
    String destination;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "QUERY", description = "Search query.")
    List<String> queryWords;

    @Override
    public Integer call() {
        return transfer(this, destination, queryWords, false);
    }

    /** Copy or move: the destination is opened once per user and never searched itself. */
    static int transfer(SearchMailCommand command, String destination, List<String> queryWords, boolean move) {
        SearchQuery query = query(queryWords);
        return command.run((user, mailboxes) -> {
            try (Mailbox target = mailboxes.open(path(destination, command.separator()))) {
                MailboxMatch.search(mailboxes, query, command.separator(), (mailbox, matches) -> {
                    if (!matches.isEmpty() && !mailbox.path().equals(target.path())) {
                        if (move) {
                            mailbox.moveTo(MailboxMatch.uids(matches), target);
                        } else {
                            mailbox.copyTo(MailboxMatch.uids(matches), target);
                        }
                    }
                });
            }
        });
    }
}
