package org.colombier.doveadm;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code doveadm sieve put -u USER [-a] NAME < script}: stores a script read from standard input
 * once it compiles (65 and the compiler's errors when it does not); {@code -a} activates it too.
 */
@Command(name = "put", description = "Store a Sieve script read from standard input.")
final class SieveCommandPut implements Callable<Integer> {
    @ParentCommand
    SieveCommand sieve;

    @Option(names = "-u", paramLabel = "USER", required = true, description = "The user.")
    String user;

    @Option(names = "-a", description = "Activate the script.")
    boolean activate;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        SieveCommandStorage.checkedName(name);
        SieveCommandStorage storage = SieveCommandStorage.of(sieve.doveadm, user);
        byte[] source;
        try {
            source = sieve.doveadm.stdin().readAllBytes();
        } catch (IOException e) {
            throw new Doveadm.ExitException(Doveadm.EX_TEMPFAIL, "cannot read the script from standard input: " + e.getMessage());
        }
        Optional<String> errors = storage.compileErrors(name, source);
        if (errors.isPresent()) {
            throw new Doveadm.ExitException(SieveCommand.EX_NOTPOSSIBLE, "Compilation failed:\n" + errors.get());
        }
        storage.write(name, source);
        if (activate) {
            storage.activate(name);
        }
        return Doveadm.EX_OK;
    }
}
