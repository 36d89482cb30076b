package org.colombier.doveadm;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code doveadm auth ...}: the passdb chain of the configuration, run in this process. */
@Command(name = "auth", description = "Test authentication and look up passdb entries.",
        subcommands = {AuthTestCommand.class, AuthLookupCommand.class})
final class AuthCommand {
    @ParentCommand
    Doveadm doveadm;
}
