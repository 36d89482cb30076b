package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code doveadm sieve list -u USER}: the user's scripts, the active one followed by {@code ACTIVE}. */
@Command(name = "list", description = "List the user's Sieve scripts.")
final class SieveCommandList implements Callable<Integer> {
    @ParentCommand
    SieveCommand sieve;

    @Spec
    CommandSpec spec;

    @Option(names = "-u", paramLabel = "USER", required = true, description = "The user.")
    String user;

    @Override
    public Integer call() {
        SieveCommandStorage storage = SieveCommandStorage.of(sieve.doveadm, user);
        Optional<String> active = storage.active();
        PrintWriter out = spec.commandLine().getOut();
        for (String name : storage.names()) {
            out.println(active.filter(name::equals).isPresent() ? name + " ACTIVE" : name);
        }
        out.flush();
        return Doveadm.EX_OK;
    }
}
