package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code doveadm stats dump}: the running server's counters. */
@Command(name = "stats", description = "Server statistics.", subcommands = StatsCommand.Dump.class)
final class StatsCommand {
    @ParentCommand
    Doveadm doveadm;

    /**
     * {@code stats dump}: {@code metric_name count} rows: {@code <proto>_current} (open now),
     * {@code <proto>_connections} and {@code <proto>_logins} since start, {@code kicks}.
     */
    @Command(name = "dump", description = "Print the server's counters (connections, logins, kicks).")
    static final class Dump implements Callable<Integer> {
        @ParentCommand
        StatsCommand stats;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return AdminTable.print(stats.doveadm, spec, List.of("stats-dump"), "tab");
        }
    }
}
