package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.colombier.api.storage.MailboxEntry;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code doveadm mailbox list|status|create|delete|rename|subscribe|unsubscribe}. */
@Command(name = "mailbox", description = "Manage a user's mailboxes.",
        subcommands = {MailboxCommand.ListMailboxes.class, MailboxCommand.Status.class, MailboxCommand.Create.class,
                MailboxCommand.Delete.class, MailboxCommand.Rename.class, MailboxCommand.Subscribe.class,
                MailboxCommand.Unsubscribe.class})
final class MailboxCommand {
    @ParentCommand
    Doveadm doveadm;

    /** Shared by the subcommands: the user selection and the printing. */
    abstract static class Sub extends MailCommand implements Callable<Integer> {
        @ParentCommand
        MailboxCommand parent;

        @Spec
        CommandSpec spec;

        Doveadm doveadm() {
            return parent.doveadm;
        }

        char separator() {
            return separator(doveadm().config());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int run(PerUser action) {
            int status = forEachUser(doveadm(), spec.commandLine().getErr(), action);
            out().flush();
            return status;
        }
    }

    /** {@code mailbox list [-s] [PATTERN...]}: mailbox names, one per line ({@code -s}: subscribed only). */
    @Command(name = "list", description = "List mailboxes (names matching the patterns; -s: the subscribed ones).")
    static final class ListMailboxes extends Sub {
        @Option(names = "-s", description = "Only subscribed mailboxes.")
        boolean subscribed;

        @Parameters(paramLabel = "PATTERN", arity = "0..*", description = "Mailbox name patterns (* and %).")
        List<String> patterns = List.of();

        @Override
        public Integer call() {
            Formatter f = doveadm().formatter("flow", List.of(new Formatter.Column("mailbox", "mailbox", true)));
            int status = run((user, mailboxes) -> {
                Set<MailboxPath> subscriptions = subscribed ? mailboxes.subscriptions() : Set.of();
                for (MailboxEntry e : mailboxes.list()) {
                    if ((!subscribed || subscriptions.contains(e.path()))
                            && MailboxMatch.matches(patterns, e.path(), separator())) {
                        f.row(List.of(e.path().join(separator())));
                    }
                }
            });
            f.print(out());
            return status;
        }
    }

    /**
     * {@code mailbox status [-t] FIELDS PATTERN...}: {@code messages recent uidnext uidvalidity unseen
     * highestmodseq vsize guid} or {@code all}; {@code -t} sums them over the mailboxes.
     */
    @Command(name = "status", description = "Show mailbox status fields: all or messages recent uidnext uidvalidity "
            + "unseen highestmodseq vsize guid.")
    static final class Status extends Sub {
        private static final List<String> FIELDS = List.of("messages", "recent", "uidnext", "uidvalidity", "unseen",
                "highestmodseq", "vsize", "guid");

        @Option(names = "-t", description = "Sum the numbers over all the mailboxes.")
        boolean total;

        @Parameters(index = "0", paramLabel = "FIELDS", description = "Space-separated fields, or all.")
        String fields;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATTERN", description = "Mailbox name patterns.")
        List<String> patterns;

        @Override
        public Integer call() {
            List<String> wanted = new ArrayList<>();
            for (String field : fields.trim().split("\\s+")) {
                if (field.equals("all")) {
                    wanted.addAll(FIELDS);
                } else if (FIELDS.contains(field)) {
                    wanted.add(field);
                } else {
                    throw Doveadm.ExitException.usage("Unknown status field: " + field);
                }
            }
            List<Formatter.Column> columns = new ArrayList<>();
            if (!total) {
                columns.add(new Formatter.Column("mailbox", "mailbox", true));
            }
            wanted.forEach(w -> columns.add(Formatter.Column.of(w)));
            Formatter f = doveadm().formatter("flow", columns);
            long[] sums = new long[wanted.size()];
            int status = run((user, mailboxes) -> {
                for (MailboxPath path : MailboxMatch.select(mailboxes, patterns, separator())) {
                    MailboxStatus s = mailboxes.status(path);
                    List<String> row = new ArrayList<>();
                    row.add(path.join(separator()));
                    for (int i = 0; i < wanted.size(); i++) {
                        String value = value(s, wanted.get(i));
                        row.add(value);
                        if (!wanted.get(i).equals("guid")) {
                            sums[i] += Long.parseLong(value);
                        }
                    }
                    if (!total) {
                        f.row(row);
                    }
                }
            });
            if (total) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < wanted.size(); i++) {
                    row.add(wanted.get(i).equals("guid") ? "" : String.valueOf(sums[i]));
                }
                f.row(row);
            }
            f.print(out());
            return status;
        }

        private static String value(MailboxStatus s, String field) {
            return switch (field) {
                case "messages" -> String.valueOf(s.messages());
                case "recent" -> String.valueOf(s.recent());
                case "uidnext" -> String.valueOf(s.uidNext());
                case "uidvalidity" -> String.valueOf(s.uidValidity());
                case "unseen" -> String.valueOf(s.unseen());
                case "highestmodseq" -> String.valueOf(s.highestModSeq());
                case "vsize" -> String.valueOf(s.size());
                default -> s.guid() == null ? "" : s.guid();
            };
        }
    }

    /** {@code mailbox create [-s] NAME...}: 65 when it exists, as doveadm. */
    @Command(name = "create", description = "Create mailboxes (-s: and subscribe them).")
    static final class Create extends Sub {
        @Option(names = "-s", description = "Subscribe the new mailboxes too.")
        boolean subscribe;

        @Parameters(paramLabel = "NAME", arity = "1..*")
        List<String> names;

        @Override
        public Integer call() {
            return run((user, mailboxes) -> each(mailboxes, names, separator(), "create", p -> {
                mailboxes.create(p);
                if (subscribe) {
                    mailboxes.subscribe(p);
                }
            }));
        }
    }

    /** {@code mailbox delete [-s] NAME...}: 68 when it does not exist. */
    @Command(name = "delete", description = "Delete mailboxes (-s: and unsubscribe them).")
    static final class Delete extends Sub {
        @Option(names = "-s", description = "Unsubscribe them too.")
        boolean unsubscribe;

        @Parameters(paramLabel = "NAME", arity = "1..*")
        List<String> names;

        @Override
        public Integer call() {
            return run((user, mailboxes) -> each(mailboxes, names, separator(), "delete", p -> {
                mailboxes.delete(p);
                if (unsubscribe) {
                    mailboxes.unsubscribe(p);
                }
            }));
        }
    }

    /** {@code mailbox rename OLD NEW}. */
    @Command(name = "rename", description = "Rename a mailbox (with its children).")
    static final class Rename extends Sub {
        @Parameters(index = "0", paramLabel = "OLD")
        String from;

        @Parameters(index = "1", paramLabel = "NEW")
        String to;

        @Override
        public Integer call() {
            return run((user, mailboxes) -> {
                try {
                    mailboxes.rename(path(from, separator()), path(to, separator()));
                } catch (StoreException e) {
                    throw new StoreException(e.error(), "Can't rename mailbox " + from + " to " + to + ": " + e.getMessage(), e);
                }
            });
        }
    }

    @Command(name = "subscribe", description = "Subscribe to mailboxes.")
    static final class Subscribe extends Sub {
        @Parameters(paramLabel = "NAME", arity = "1..*")
        List<String> names;

        @Override
        public Integer call() {
            return run((user, mailboxes) -> each(mailboxes, names, separator(), "subscribe to", mailboxes::subscribe));
        }
    }

    @Command(name = "unsubscribe", description = "Unsubscribe from mailboxes.")
    static final class Unsubscribe extends Sub {
        @Parameters(paramLabel = "NAME", arity = "1..*")
        List<String> names;

        @Override
        public Integer call() {
            return run((user, mailboxes) -> each(mailboxes, names, separator(), "unsubscribe from", mailboxes::unsubscribe));
        }
    }

    @FunctionalInterface
    interface PathAction {
        void apply(MailboxPath path) throws StoreException;
    }

    /** Applies {@code action} to each name; the first failure is reported as doveadm words it. */
    static void each(UserMailboxes mailboxes, List<String> names, char separator, String verb, PathAction action)
            throws StoreException {
        for (String name : names) {
            try {
                action.apply(MailCommand.path(name, separator));
            } catch (StoreException e) {
                throw new StoreException(e.error(), "Can't " + verb + " mailbox " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
