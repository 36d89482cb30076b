package org.colombier.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.ConfigLoader;
import org.colombier.config.ConfigWarning;
import org.colombier.server.net.BoundListener;

/**
 * {@code colombier [-c FILE]}: runs the server in the foreground until SIGTERM or Ctrl-C. Without
 * {@code -c} it runs the embedded default. A configuration that cannot run stops startup with
 * {@code FILE:LINE: problem} and status 89 before any port is opened.
 */
public final class Main {
    /** Dovecot's exit status for a fatal startup error (its FATAL_DEFAULT). */
    public static final int EX_CONFIG = 89;
    public static final int EX_USAGE = 64;

    private Main() {
    }

    public static void main(String[] args) {
        Path file;
        String addUser = null;
        if (args.length >= 3 && args[args.length - 3].equals("user") && args[args.length - 2].equals("add")) {
            addUser = args[args.length - 1];
            args = java.util.Arrays.copyOf(args, args.length - 3);
        }
        try {
            file = configFile(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: colombier [-c FILE] [user add NAME]");
            System.exit(EX_USAGE);
            return;
        }
        ServerPlan plan;
        ColombierConfig config;
        try {
            config = file == null ? ConfigLoader.embeddedDefault() : ConfigLoader.load(file);
            for (ConfigWarning warning : config.warnings()) {
                System.err.println("Warning: " + warning);
            }
            if (addUser != null) {
                System.exit(UserAdd.run(config, addUser, System.out, System.err));
                return;
            }
            plan = ServerPlan.prepare(config, ServerOptions.DEFAULTS);
        } catch (IOException | org.colombier.api.auth.AuthConfigException e) {
            System.err.println("Fatal: " + e.getMessage());
            System.exit(EX_CONFIG);
            return;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(EX_CONFIG);
            return;
        }
        Server server;
        try {
            server = Server.start(plan);
        } catch (IOException e) {
            System.err.println("Fatal: " + e.getMessage());
            System.exit(EX_CONFIG);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "colombier-shutdown"));
        printListeners(server, System.out);
        if (UserAdd.h2Database(config) != null && !server.services().authenticator().hasUsers()) {
            System.out.println("No users yet. Add one (the server may keep running) with: bin/colombier"
                    + (file == null ? "" : " -c " + file) + " user add NAME");
        }
        try {
            server.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code -c} argument, or null for the embedded default. */
    static Path configFile(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-c") && i + 1 < args.length && file == null) {
                file = Path.of(args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
        }
        return file;
    }

    private static void printListeners(Server server, PrintStream out) {
        for (BoundListener listener : server.listeners()) {
            String addresses = listener.addresses().stream()
                    .map(Main::format)
                    .collect(Collectors.joining(", "));
            out.println(listener.service() + ": listening on " + addresses + " (" + listener.name()
                    + (listener.implicitTls() ? ", TLS" : "") + ")");
        }
        if (!server.doveadmHttpAddresses().isEmpty()) {
            out.println("doveadm: listening on " + server.doveadmHttpAddresses().stream().map(Main::format)
                    .collect(Collectors.joining(", ")) + " (http API)");
        }
        for (Path socket : server.unixSockets()) {
            out.println("lmtp: listening on " + socket + " (unix)");
        }
        out.flush();
    }

    private static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
