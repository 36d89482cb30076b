package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code doveadm search -u USER|-A QUERY}: {@code mailbox-guid uid} of each matching message. */
@Command(name = "search", description = "Print the mailbox GUID and UID of the messages matching a search query.")
final class SearchCommand extends SearchMailCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "Search query.")
    List<String> queryWords;

    @Override
    public Integer call() {
        SearchQuery query = query(queryWords);
        Formatter f = doveadm.formatter("flow", List.of(new Formatter.Column("mailbox-guid", "mailbox-guid", true),
                new Formatter.Column("uid", "uid", true)));
        int status = run((user, mailboxes) -> MailboxMatch.search(mailboxes, query, separator(), (mailbox, matches) -> {
            String guid = mailbox.status().guid();
            matches.forEach(m -> f.row(List.of(guid == null ? "" : guid, String.valueOf(m.info.uid()))));
        }));
        f.print(out());
        return status;
    }
}
