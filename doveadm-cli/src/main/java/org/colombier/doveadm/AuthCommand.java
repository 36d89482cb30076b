package org.colombier.doveadm;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code doveadm auth ...}: {@code test} and {@code lookup} run the passdb chain of the
 * configuration in this process; {@code cache flush} empties the running server's auth cache.
 */
@Command(name = "auth", description = "Test authentication, look up passdb entries, flush the authentication cache.",
        subcommands = {AuthTestCommand.class, AuthLookupCommand.class, AuthCacheCommand.class})
final class AuthCommand {
    @ParentCommand
    Doveadm doveadm;
}
