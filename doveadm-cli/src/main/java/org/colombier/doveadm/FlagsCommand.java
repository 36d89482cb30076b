package org.colombier.doveadm;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.SystemFlag;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code doveadm flags add|remove|replace FLAGS QUERY}: IMAP flags ({@code \Seen ...}) and keywords. */
@Command(name = "flags", description = "Change message flags.",
        subcommands = {FlagsCommand.Add.class, FlagsCommand.Remove.class, FlagsCommand.Replace.class})
final class FlagsCommand {
    @ParentCommand
    Doveadm doveadm;

    abstract static class Change extends MailCommand implements Callable<Integer> {
        @ParentCommand
        FlagsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FLAGS", description = "Space-separated flags, e.g. \"\\Seen $Important\".")
        String flags;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "QUERY", description = "Search query.")
        List<String> queryWords;

        abstract FlagUpdate update(Flags flags);

        @Override
        public Integer call() {
            FlagUpdate update = update(parse(flags));
            SearchQuery query = SearchQuery.parse(queryWords);
            char separator = separator(parent.doveadm.config());
            return forEachUser(parent.doveadm, spec.commandLine().getErr(),
                    (user, mailboxes) -> MailboxMatch.search(mailboxes, query, separator, (mailbox, matches) -> {
                        if (!matches.isEmpty()) {
                            mailbox.updateFlags(MailboxMatch.uids(matches), update, OptionalLong.empty());
                        }
                    }));
        }
    }

    static Flags parse(String text) {
        EnumSet<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        Set<String> keywords = new LinkedHashSet<>();
        for (String word : text.trim().split("\\s+")) {
            if (word.startsWith("\\")) {
                SystemFlag flag = SystemFlag.fromImapName(word);
                if (flag == null) {
                    throw Doveadm.ExitException.usage("Invalid system flag: " + word);
                }
                system.add(flag);
            } else if (!word.isEmpty()) {
                keywords.add(word);
            }
        }
        return new Flags(system, keywords);
    }

    @Command(name = "add", description = "Add flags to the matching messages.")
    static final class Add extends Change {
        FlagUpdate update(Flags flags) {
            return FlagUpdate.add(flags);
        }
    }

    @Command(name = "remove", description = "Remove flags from the matching messages.")
    static final class Remove extends Change {
        FlagUpdate update(Flags flags) {
            return FlagUpdate.remove(flags);
        }
    }

    @Command(name = "replace", description = "Replace the flags of the matching messages.")
    static final class Replace extends Change {
        FlagUpdate update(Flags flags) {
            return FlagUpdate.replace(flags);
        }
    }
}
