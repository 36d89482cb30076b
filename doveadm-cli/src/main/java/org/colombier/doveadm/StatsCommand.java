package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code doveadm stats dump}: the running server's counters. */
@Command(name = "stats", description = "Server statistics.", subcommands = StatsCommand.Dump.class)
final class StatsCommand {
    @ParentCommand
    Doveadm doveadm;

    /**
     * {@code stats dump [-r]}: {@code metric_name count} rows: {@code <proto>_current} (open now),
     * {@code <proto>_connections}, {@code _logins}, {@code _login_failures} and
     * {@code <proto>_command_<NAME>} since start, {@code imap_append_messages}/{@code _bytes},
     * {@code lmtp_deliveries_ok}/{@code _tempfail}/{@code _permfail}/{@code _discarded}/{@code _rejected},
     * {@code lmtp_delivered_bytes}, {@code kicks}.
     */
    @Command(name = "dump", description = "Print the server's counters: connections, logins and login failures, "
            + "commands per protocol (imap_command_FETCH ...), IMAP APPENDs, LMTP deliveries, kicks.")
    static final class Dump implements Callable<Integer> {
        @ParentCommand
        StatsCommand stats;

        @Spec
        CommandSpec spec;

        @Option(names = "-r", description = "Reset the counters after reading them.")
        boolean reset;

        @Override
        public Integer call() {
            return AdminTable.print(stats.doveadm, spec, reset ? List.of("stats-dump", "-r") : List.of("stats-dump"), "tab");
        }
    }
}
