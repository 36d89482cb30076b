package org.colombier.doveadm;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code doveadm sieve activate -u USER NAME}: makes a script the active one, once it compiles. */
@Command(name = "activate", description = "Make a Sieve script the active one.")
final class SieveCommandActivate implements Callable<Integer> {
    @ParentCommand
    SieveCommand sieve;

    @Option(names = "-u", paramLabel = "USER", required = true, description = "The user.")
    String user;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        SieveCommandStorage storage = SieveCommandStorage.of(sieve.doveadm, user);
        storage.compileErrors(name, storage.read(name)).ifPresent(errors -> {
            throw new Doveadm.ExitException(SieveCommand.EX_NOTPOSSIBLE, "Script is invalid:\n" + errors);
        });
        storage.activate(name);
        return Doveadm.EX_OK;
    }
}
