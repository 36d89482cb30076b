package org.colombier.doveadm;

import java.io.PrintWriter;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code doveadm [-c FILE] COMMAND ...}: the admin CLI. Exit codes follow doveadm's (running.md):
 * 0 ok, 64 usage, 67 unknown user, 68 not found, 75 temporary failure, 77 no permission,
 * 89 configuration error, 1 anything else.
 */
@Command(name = "doveadm", mixinStandardHelpOptions = true, versionProvider = Doveadm.Version.class,
        description = "Administer a Colombier mail server.",
        subcommands = {ConfigCommand.class, CommandLine.HelpCommand.class})
public final class Doveadm {
    public static final int EX_OK = 0;
    public static final int EX_USAGE = 64;
    public static final int EX_NOUSER = 67;
    public static final int EX_NOTFOUND = 68;
    public static final int EX_TEMPFAIL = 75;
    public static final int EX_NOPERM = 77;
    public static final int EX_CONFIG = 89;

    @Option(names = "-c", paramLabel = "FILE", description = "Configuration file (default: the embedded default).")
    Path configFile;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Doveadm());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof ExitException x ? x.status : 1);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ExitException x) {
                if (x.getMessage() != null) {
                    err.println("Error: " + x.getMessage());
                }
                return x.status;
            }
            err.println("Error: " + e);
            return 1;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            err.println(e.getMessage());
            e.getCommandLine().usage(err);
            return EX_USAGE;
        });
        return cl.execute(args);
    }

    /** Ends a command with a doveadm exit status and an optional message for stderr. */
    static final class ExitException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        ExitException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Doveadm.class.getPackage().getImplementationVersion();
            return new String[] {"Colombier doveadm " + (v == null ? "(development build)" : v)};
        }
    }
}
