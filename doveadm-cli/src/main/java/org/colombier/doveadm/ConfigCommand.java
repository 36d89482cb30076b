package org.colombier.doveadm;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doveadm config [-anhPx] [-c FILE] [-f protocol=NAME] [NAME ...]}: doveconf, as in Dovecot 2.4
 * ({@code -c} here or before {@code config});
 * {@code doveadm config dump [-n]} is the older spelling that shows every setting by default.
 */
@Command(name = "config", description = "Show the configuration, as doveconf does.",
        subcommands = ConfigCommand.Dump.class,
        footer = {"", "With no NAME and no -a, only settings that differ from the defaults are shown (Dovecot 2.4).",
                "Examples: doveadm config -h mail_path;  doveadm config -f protocol=imap -n;  doveadm config passdb"})
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    Doveadm doveadm;

    @Mixin
    DoveconfOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return options.print(doveadm::config, false, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Command(name = "dump", description = "Print every setting (with -n: only those that differ from the defaults).")
    static final class Dump implements Callable<Integer> {
        @ParentCommand
        ConfigCommand config;

        @Mixin
        DoveconfOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return options.print(config.doveadm::config, true, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }
}
