package org.colombier.doveadm;

import org.colombier.config.ConfigWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code doveadm config dump [-n]}: the settings in dovecot.conf syntax, like {@code doveconf [-n]}. */
@Command(name = "config", description = "Show the configuration.", subcommands = ConfigCommand.Dump.class)
final class ConfigCommand {
    @ParentCommand
    Doveadm doveadm;

    @Command(name = "dump", description = "Print every setting (with -n: only those that differ from the defaults).")
    static final class Dump implements Runnable {
        @ParentCommand
        ConfigCommand config;

        @Spec
        CommandSpec spec;

        @Option(names = "-n", description = "Only settings that differ from the defaults.")
        boolean onlyNonDefaults;

        @Override
        public void run() {
            spec.commandLine().getOut().print(ConfigWriter.dump(config.doveadm.config(), onlyNonDefaults));
            spec.commandLine().getOut().flush();
        }
    }
}
