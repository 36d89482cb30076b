package org.colombier.doveadm;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code doveadm sieve list|get|put|activate|deactivate|delete -u USER ...}: a user's personal
 * Sieve scripts, in the storage of the {@code sieve_script} section of type {@code personal}
 * ({@code NAME.sieve} files in {@code path}, the active one linked from {@code active_path}), as
 * Pigeonhole's doveadm plugin manages them. Exit codes as Pigeonhole's: 65 for an invalid script
 * or deleting the active one, 68 for a missing script, 67 for an unknown user.
 */
@Command(name = "sieve", description = "Manage users' Sieve scripts.",
        subcommands = {SieveCommandList.class, SieveCommandGet.class, SieveCommandPut.class, SieveCommandActivate.class,
                SieveCommandDeactivate.class, SieveCommandDelete.class})
final class SieveCommand {
    /** doveadm's DOVEADM_EX_NOTPOSSIBLE (EX_DATAERR). */
    static final int EX_NOTPOSSIBLE = 65;

    @ParentCommand
    Doveadm doveadm;
}
