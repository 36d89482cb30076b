package org.colombier.doveadm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.auth.AuthDrivers;
import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.ConfigLoader;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code doveadm [-c FILE] COMMAND ...}: the admin CLI. Exit codes follow doveadm's (running.md):
 * 0 ok, 64 usage, 67 unknown user, 68 not found, 75 temporary failure, 77 no permission,
 * 89 configuration error, 1 anything else.
 */
@Command(name = "doveadm", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Doveadm.Version.class,
        description = "Administer a Colombier mail server.")
public final class Doveadm {
    public static final int EX_OK = 0;
    public static final int EX_USAGE = 64;
    public static final int EX_DATAERR = 65;
    public static final int EX_NOUSER = 67;
    public static final int EX_NOTFOUND = 68;
    public static final int EX_CANTCREAT = 73;
    public static final int EX_TEMPFAIL = 75;
    public static final int EX_NOPERM = 77;
    public static final int EX_CONFIG = 89;

    /**
     * The commands by name, in the order help lists them. picocli builds a command's model by
     * reflection (its classes are too old for the class-data archive), so a command line gets only
     * the command it names: that keeps {@code doveadm who} from paying for all the others.
     */
    private static final Map<String, Class<?>> COMMANDS = commands(ConfigCommand.class, AuthCommand.class,
            UserCommand.class, PwCommand.class, WhoCommand.class, KickCommand.class, ReloadCommand.class,
            StopCommand.class, StatsCommand.class, LogCommand.class, MailboxCommand.class, FetchCommand.class,
            SearchCommand.class, ExpungeCommand.class, FlagsCommand.class, CopyCommand.class, MoveCommand.class,
            SaveCommand.class, IndexCommand.class, ForceResyncCommand.class, QuotaCommand.class, SieveCommand.class);

    /** Global options that take a value, skipped when looking for the command name. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-c", "-f");

    @Option(names = "-c", paramLabel = "FILE", description = "Configuration file (default: the embedded default).")
    Path configFile;

    @Option(names = "-f", paramLabel = "FORMATTER",
            description = "Output formatter: flow, tab, table, json or pager (each command has its default).")
    String formatterName;

    private final InputStream stdin;
    private final PrintWriter err;
    private BufferedReader lines;

    private Doveadm(InputStream stdin, PrintWriter err) {
        this.stdin = stdin;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with nothing to read on standard input; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, InputStream.nullInputStream(), out, err);
    }

    /** Runs one command line; a password not given as an argument is read from {@code stdin}. */
    public static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Doveadm(stdin, err));
        Class<?> named = COMMANDS.get(commandName(args));
        for (Class<?> command : named == null ? COMMANDS.values() : List.<Class<?>>of(named)) {
            cl.addSubcommand(command);
        }
        cl.addSubcommand(CommandLine.HelpCommand.class);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof ExitException x ? x.status : 1);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ExitException x) {
                if (x.getMessage() != null) {
                    err.println(x.level + ": " + x.getMessage());
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

    private static Map<String, Class<?>> commands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return byName;
    }

    /** The first word after the global options, or null (no command, help, a version request). */
    private static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (OPTIONS_WITH_VALUE.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    /** The table printer {@code -f} asks for, else {@code fallback}; an unknown name is a usage error. */
    Formatter formatter(String fallback, List<Formatter.Column> columns) {
        String type = formatterName == null ? fallback : formatterName;
        if (!Formatter.known(type)) {
            throw new ExitException(EX_USAGE, "Unknown formatter: " + type);
        }
        return new Formatter(type, columns);
    }

    /** Loads the configuration named by {@code -c}, or the embedded default. */
    ColombierConfig config() {
        try {
            return configFile == null ? ConfigLoader.embeddedDefault() : ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            throw new ExitException(EX_CONFIG, e.getMessage());
        }
    }

    /**
     * The passdb and userdb chains of the configuration, run in this process as Dovecot's doveadm
     * asks its auth service.
     */
    AuthDrivers authDrivers() {
        ColombierConfig config = config();
        if (config.passdbs().isEmpty() && config.userdbs().isEmpty()) {
            throw new ExitException(EX_CONFIG, "no passdb or userdb is configured");
        }
        try {
            return AuthDrivers.fromConfig(config.passdbs(), config.userdbs(), null, config.auth().masterUserSeparator());
        } catch (AuthConfigException e) {
            throw new ExitException(EX_CONFIG, e.getMessage());
        }
    }

    /** Standard input, for commands that read data from it ({@code save}, {@code sieve put}). */
    InputStream stdin() {
        return stdin;
    }

    /**
     * A password typed at the terminal without echo, or else a line of standard input (empty at its
     * end), as Dovecot's askpass does.
     */
    String askPassword(String prompt) {
        if (stdin == System.in && System.console() != null) {
            char[] typed = System.console().readPassword("%s", prompt);
            return typed == null ? "" : new String(typed);
        }
        err.print(prompt);
        err.flush();
        try {
            if (lines == null) {
                lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            }
            String line = lines.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends a command with a doveadm exit status and an optional message for stderr. */
    static final class ExitException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String level;

        ExitException(int status, String message) {
            this(status, "Error", message);
        }

        private ExitException(int status, String level, String message) {
            super(message);
            this.status = status;
            this.level = level;
        }

        /** A bad argument: {@code Fatal: ...} and status 64, as doveadm's {@code i_fatal_status(EX_USAGE)}. */
        static ExitException usage(String message) {
            return new ExitException(EX_USAGE, "Fatal", message);
        }

        /** What Dovecot's {@code i_fatal()} does in doveadm: {@code Fatal: ...} and status 75. */
        static ExitException fatal(String message) {
            return new ExitException(EX_TEMPFAIL, "Fatal", message);
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
