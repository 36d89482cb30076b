package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.colombier.config.ConfigLoader;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doveconf [-anhPx] [-c FILE] [-f protocol=NAME] [NAME ...]}: Dovecot's configuration
 * dumper (bin/doveconf). Errors are {@code doveconf: Fatal: ...} with status 89, as Dovecot's.
 */
@Command(name = "doveconf", description = "Show Colombier's configuration as Dovecot's doveconf does.",
        footer = {"", "With no NAME and no -a, only settings that differ from the defaults are shown (Dovecot 2.4)."})
public final class Doveconf implements Callable<Integer> {
    @Mixin
    DoveconfOptions options;

    @Spec
    CommandSpec spec;

    private Doveconf() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Doveconf());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("doveconf: Fatal: " + e.getMessage());
            e.getCommandLine().usage(err);
            return Doveadm.EX_USAGE;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        return options.print(ConfigLoader::embeddedDefault, false, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
