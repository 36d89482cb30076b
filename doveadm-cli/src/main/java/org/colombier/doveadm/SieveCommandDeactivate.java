package org.colombier.doveadm;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code doveadm sieve deactivate -u USER}: no script is active any more (the scripts stay). */
@Command(name = "deactivate", description = "Deactivate the active Sieve script.")
final class SieveCommandDeactivate implements Callable<Integer> {
    @ParentCommand
    SieveCommand sieve;

    @Option(names = "-u", paramLabel = "USER", required = true, description = "The user.")
    String user;

    @Override
    public Integer call() {
        SieveCommandStorage.of(sieve.doveadm, user).deactivate();
        return Doveadm.EX_OK;
    }
}
