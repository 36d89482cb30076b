package org.colombier.doveadm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code doveadm log errors [-s SINCE]}: the running server's recent warnings and errors. */
@Command(name = "log", description = "The server's log.", subcommands = LogCommand.Errors.class)
final class LogCommand {
    @ParentCommand
    Doveadm doveadm;

    /** {@code timestamp type prefix text} rows, oldest first; the server keeps the last 1000. */
    @Command(name = "errors", description = "Print the recent warnings and errors the server logged.")
    static final class Errors implements Callable<Integer> {
        @ParentCommand
        LogCommand log;

        @Spec
        CommandSpec spec;

        @Option(names = "-s", paramLabel = "MIN_TIMESTAMP", description = "Only those at or after this UNIX time.")
        Long since;

        @Override
        public Integer call() {
            List<String> request = new ArrayList<>(List.of("log-errors"));
            if (since != null) {
                request.addAll(List.of("-s", String.valueOf(since)));
            }
            return AdminTable.print(log.doveadm, spec, request, "tab");
        }
    }
}
