package org.colombier.doveadm;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doveadm quota get|recalc -u USER|-A}: usage summed over the user's mailboxes against the
 * limits in the userdb fields {@code quota_storage_size} and {@code quota_message_count} (Dovecot
 * 2.4's names; k/m/g suffixes). The usage is computed from the mailbox indexes each time, so there
 * is no stored count for {@code recalc} to fix: it recomputes and prints nothing.
 */
@Command(name = "quota", description = "Show quota usage and limits.", subcommands = {QuotaCommand.Get.class,
        QuotaCommand.Recalc.class})
final class QuotaCommand {
    @ParentCommand
    Doveadm doveadm;

    /** Messages and bytes in every selectable mailbox of the user. */
    static long[] usage(UserMailboxes mailboxes) throws StoreException {
        long messages = 0;
        long bytes = 0;
        for (MailboxPath path : MailboxMatch.select(mailboxes, List.of(), '/')) {
            MailboxStatus status = mailboxes.status(path);
            messages += status.messages();
            bytes += status.size();
        }
        return new long[] {messages, bytes};
    }

    /**
     * {@code quota get}: Dovecot's table {@code Quota name, Type, Value, Limit, %}; STORAGE in
     * kilobytes, {@code -} for no limit.
     */
    @Command(name = "get", description = "Show quota usage (STORAGE in kB, MESSAGE count) and limits.")
    static final class Get extends MailCommand implements Callable<Integer> {
        @ParentCommand
        QuotaCommand quota;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Formatter f = quota.doveadm.formatter("table", List.of(new Formatter.Column("root", "Quota name", false),
                    new Formatter.Column("type", "Type", false), new Formatter.Column("value", "Value", false),
                    new Formatter.Column("limit", "Limit", false), new Formatter.Column("percent", "%", false)));
            int status = forEachUser(quota.doveadm, spec.commandLine().getErr(), (user, mailboxes) -> {
                long[] used = usage(mailboxes);
                Map<String, String> fields = user.fields();
                f.row(row("STORAGE", used[1] / 1024, limit(fields.get("quota_storage_size")), 1024));
                f.row(row("MESSAGE", used[0], limit(fields.get("quota_message_count")), 1));
            });
            f.print(spec.commandLine().getOut());
            return status;
        }

        private static List<String> row(String type, long value, long limit, long unit) {
            if (limit <= 0) {
                return List.of("User quota", type, String.valueOf(value), "-", "0");
            }
            long shownLimit = limit / unit;
            return List.of("User quota", type, String.valueOf(value), String.valueOf(shownLimit),
                    String.valueOf(shownLimit == 0 ? 0 : value * 100 / shownLimit));
        }

        private static long limit(String value) {
            if (value == null || value.isBlank() || value.equalsIgnoreCase("unlimited")) {
                return 0;
            }
            return SearchQuery.size(value.trim());
        }
    }

    @Command(name = "recalc", description = "Recompute quota usage (computed live: nothing is stored to fix).")
    static final class Recalc extends MailCommand implements Callable<Integer> {
        @ParentCommand
        QuotaCommand quota;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return forEachUser(quota.doveadm, spec.commandLine().getErr(), (user, mailboxes) -> usage(mailboxes));
        }
    }
}
