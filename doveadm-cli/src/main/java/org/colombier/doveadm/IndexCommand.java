package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import org.colombier.api.storage.MailboxPath;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code doveadm index -u USER|-A MAILBOX-PATTERN...}: brings the driver's index of the mailboxes up to date. */
@Command(name = "index", description = "Update the index of the matching mailboxes.")
final class IndexCommand extends SearchMailCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "MAILBOX", description = "Mailbox name patterns (* and %).")
    List<String> patterns;

    @Override
    public Integer call() {
        return run((user, mailboxes) -> {
            for (MailboxPath path : MailboxMatch.select(mailboxes, patterns, separator())) {
                // opening a mailbox syncs its index with the mail files
                mailboxes.open(path).close();
            }
        });
    }
}
