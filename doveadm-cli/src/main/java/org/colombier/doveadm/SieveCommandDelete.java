package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code doveadm sieve delete -u USER [-a] NAME...}: deletes scripts; the active one only with
 * {@code -a} (which deactivates it first), else status 65 as Pigeonhole.
 */
@Command(name = "delete", description = "Delete Sieve scripts.")
final class SieveCommandDelete implements Callable<Integer> {
    @ParentCommand
    SieveCommand sieve;

    @Option(names = "-u", paramLabel = "USER", required = true, description = "The user.")
    String user;

    @Option(names = "-a", description = "Delete the active script too (deactivating it).")
    boolean evenActive;

    @Parameters(paramLabel = "NAME", arity = "1..*")
    List<String> names;

    @Override
    public Integer call() {
        SieveCommandStorage storage = SieveCommandStorage.of(sieve.doveadm, user);
        for (String name : names) {
            if (storage.active().filter(name::equals).isPresent()) {
                if (!evenActive) {
                    throw new Doveadm.ExitException(SieveCommand.EX_NOTPOSSIBLE, "Cannot delete the active Sieve script " + name);
                }
                storage.deactivate();
            }
            storage.delete(name);
        }
        return Doveadm.EX_OK;
    }
}
