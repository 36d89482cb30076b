package org.colombier.doveadm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageSource;
import org.colombier.config.ConfigException;
import org.colombier.config.SettingValues;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code doveadm save -u USER [-m MAILBOX]}: saves the message read from standard input (INBOX by default). */
@Command(name = "save", description = "Save a message from standard input into a mailbox.")
final class SaveCommand extends SearchMailCommand implements Callable<Integer> {
    @Option(names = "-m", paramLabel = "MAILBOX", description = "Mailbox to save into (default INBOX).")
    String mailbox = "INBOX";

    @Override
    public Integer call() {
        if (users.all) {
            throw Doveadm.ExitException.usage("save reads one message: use -u, not -A");
        }
        byte[] message = readMessage(mailSizeLimit());
        return run((user, mailboxes) -> {
            try (Mailbox target = mailboxes.open(path(mailbox, separator()))) {
                target.append(AppendRequest.of(MessageSource.of(message)));
            }
        });
    }

    /** {@code quota_mail_size} of the configuration, as LMTP and IMAP APPEND apply it; -1 when unlimited. */
    private long mailSizeLimit() {
        String value = doveadm.config().setting("quota_mail_size").orElse("unlimited");
        try {
            return SettingValues.parseSize(value, null, "quota_mail_size").orElse(-1);
        } catch (ConfigException e) {
            throw new Doveadm.ExitException(Doveadm.EX_CONFIG, e.getMessage());
        }
    }

    private byte[] readMessage(long limit) {
        try {
            byte[] message = limit < 0 ? doveadm.stdin().readAllBytes()
                    : doveadm.stdin().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (limit >= 0 && message.length > limit) {
                throw new Doveadm.ExitException(Doveadm.EX_DATAERR,
                        "Mail size is too large (quota_mail_size = " + limit + " bytes)");
            }
            return message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
