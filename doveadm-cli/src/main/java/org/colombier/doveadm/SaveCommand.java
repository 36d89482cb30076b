package org.colombier.doveadm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code doveadm save -u USER [-m MAILBOX]}: saves the message read from standard input (INBOX by default). */
@Command(name = "save", description = "Save a message from standard input into a mailbox.")
final class SaveCommand extends SearchMailCommand implements Callable<Integer> {
    @Option(names = "-m", paramLabel = "MAILBOX", description = "Mailbox to save into (default INBOX).")
    String mailbox = "INBOX";

    @Override
    public Integer call() {
        byte[] message;
        try {
            message = doveadm.stdin().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (users.all) {
            throw Doveadm.ExitException.usage("save reads one message: use -u, not -A");
        }
        return run((user, mailboxes) -> {
            try (Mailbox target = mailboxes.open(path(mailbox, separator()))) {
                target.append(AppendRequest.of(MessageSource.of(message)));
            }
        });
    }
}
