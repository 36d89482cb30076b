package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import org.colombier.api.storage.MailboxPath;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code doveadm force-resync -u USER|-A MAILBOX-PATTERN...}: rebuilds the driver's index of each
 * matching mailbox from its mail files (UIDs kept); on a terminal, a progress line per mailbox.
 */
@Command(name = "force-resync", description = "Rebuild the index of the matching mailboxes from the mail files.")
final class ForceResyncCommand extends SearchMailCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "MAILBOX", description = "Mailbox name patterns (* and %).")
    List<String> patterns;

    @Override
    public Integer call() {
        boolean terminal = System.console() != null;
        return run((user, mailboxes) -> {
            List<MailboxPath> paths = MailboxMatch.select(mailboxes, patterns, separator());
            for (int i = 0; i < paths.size(); i++) {
                if (terminal) {
                    System.err.printf("\r%s: %d/%d %s\u001b[K", user, i + 1, paths.size(), paths.get(i).join(separator()));
                }
                mailboxes.forceResync(paths.get(i));
            }
            if (terminal) {
                System.err.println();
            }
        });
    }
}
