package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code doveadm stop}: stops the running server gracefully, as SIGTERM does. Prints nothing. */
@Command(name = "stop", description = "Stop the running server gracefully.")
final class StopCommand implements Callable<Integer> {
    @ParentCommand
    Doveadm doveadm;

    @Override
    public Integer call() {
        AdminClient.call(doveadm.config(), List.of("stop"));
        return Doveadm.EX_OK;
    }
}
