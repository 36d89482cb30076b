package org.colombier.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.colombier.bench.imap.IdleBench;
import org.colombier.bench.imap.ImapStress;
import org.colombier.bench.imap.LargeMailboxBench;
import org.colombier.bench.lmtp.LmtpBench;
import org.colombier.bench.report.Report;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench COMMAND}: load generators for IMAP and LMTP servers (Colombier or any other). */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {
    Bench.Stress.class, Bench.Lmtp.class, Bench.Large.class, Bench.Idle.class},
    description = "Benchmarks an IMAP/LMTP server over loopback; prints a table, optionally writes JSON.")
public final class Bench {
    /** Exit status when a benchmark ran but found wrong responses. */
    static final int EX_ERRORS = 1;

    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** Options every benchmark shares. */
    abstract static class Common implements Callable<Integer> {
        @Option(names = "--json", description = "Also write the result as JSON to FILE.")
        Path json;

        @Option(names = "--allow-remote", description = "Allow a target outside loopback.")
        boolean allowRemote;

        InetSocketAddress address(String hostPort) throws UnknownHostException {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "target must be HOST:PORT: " + hostPort);
            }
            InetAddress host = InetAddress.getByName(hostPort.substring(0, colon));
            if (!host.isLoopbackAddress() && !allowRemote) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        hostPort + " is not loopback; pass --allow-remote to load a remote server");
            }
            return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
        }

        @Override
        public Integer call() throws Exception {
            Report report = run();
            System.out.print(report.table());
            if (json != null) {
                report.writeJson(json);
            }
            return report.errors() == 0 ? 0 : EX_ERRORS;
        }

        abstract Report run() throws Exception;
    }

    @Command(name = "imap-stress", description = "imaptest-like mix with state tracking: N clients on one INBOX per user.")
    static final class Stress extends Common {
        @Option(names = "--target", defaultValue = "127.0.0.1:1143") String target;
        @Option(names = "--user", required = true, description = "User name; %%d is replaced by 1..--users.") String user;
        @Option(names = "--password", required = true) String password;
        @Option(names = "--users", defaultValue = "1") int users;
        @Option(names = "--clients", defaultValue = "10") int clients;
        @Option(names = "--seconds", defaultValue = "10") int seconds;
        @Option(names = "--seed", defaultValue = "1") long seed;

        @Override
        Report run() throws Exception {
            return ImapStress.run(new ImapStress.Options(address(target), user, password, clients, users, seconds, seed));
        }
    }

    @Command(name = "lmtp", description = "LMTP messages/s for each connection count, message size and recipient count.")
    static final class Lmtp extends Common {
        @Option(names = "--target", defaultValue = "127.0.0.1:2424") String target;
        @Option(names = "--rcpt", required = true, split = ",", description = "Recipient(s); %%d expands to 1..N.")
        List<String> rcpt;
        @Option(names = "--connections", split = ",", defaultValue = "1,2,4,8,16") List<Integer> connections;
        @Option(names = "--sizes", split = ",", defaultValue = "4096,102400") List<Integer> sizes;
        @Option(names = "--recipients", split = ",", defaultValue = "1,5") List<Integer> recipients;
        @Option(names = "--seconds", defaultValue = "3", description = "Seconds per combination.") int seconds;

        @Override
        Report run() throws Exception {
            return LmtpBench.run(new LmtpBench.Options(address(target), rcpt, connections, sizes, recipients, seconds));
        }
    }

    @Command(name = "large-mailbox", description = "Builds an N-message INBOX, then times SELECT, FETCH 1:*, SEARCH and IDLE.")
    static final class Large extends Common {
        @Option(names = "--target", defaultValue = "127.0.0.1:1143") String target;
        @Option(names = "--user", required = true) String user;
        @Option(names = "--password", required = true) String password;
        @Option(names = "--messages", defaultValue = "100000") int messages;
        @Option(names = "--lmtp", description = "Build and deliver through this LMTP HOST:PORT (with --rcpt) instead of APPEND.")
        String lmtp;
        @Option(names = "--rcpt") String rcpt;
        @Option(names = "--no-build", description = "Fail instead of building when the INBOX is smaller than --messages.")
        boolean noBuild;

        @Override
        Report run() throws Exception {
            return LargeMailboxBench.run(new LargeMailboxBench.Options(address(target), user, password, messages,
                    lmtp == null ? null : address(lmtp), rcpt == null ? user : rcpt, !noBuild));
        }
    }

    @Command(name = "idle", description = "N authenticated IDLE connections: server memory per connection, notification delay.")
    static final class Idle extends Common {
        @Option(names = "--target", defaultValue = "127.0.0.1:1143") String target;
        @Option(names = "--user", required = true, description = "User name; %%d is replaced by 1..--users.") String user;
        @Option(names = "--password", required = true) String password;
        @Option(names = "--users", defaultValue = "1") int users;
        @Option(names = "--connections", defaultValue = "10000") int connections;
        @Option(names = "--pid", description = "The server's process id.") Long pid;
        @Option(names = "--tree", description = "Count --pid's descendants too (a multi-process server).") boolean tree;
        @Option(names = "--while", description = "A shell command to time while the connections are open (e.g. doveadm who).")
        String whileOpen;
        @Option(names = "--process", defaultValue = "org\\.colombier\\.server\\.Main",
                description = "Regex over /proc/*/cmdline when --pid is not given; RSS is summed over all matches.")
        String process;
        @Option(names = "--lmtp", description = "Deliver the notified message through this LMTP HOST:PORT (with --rcpt).")
        String lmtp;
        @Option(names = "--rcpt") String rcpt;
        @Option(names = "--timeout", defaultValue = "300", description = "Seconds allowed to open all connections.")
        int timeout;

        @Override
        Report run() throws Exception {
            ServerProcess server = pid == null ? ServerProcess.matching(process) : tree ? ServerProcess.tree(pid) : ServerProcess.of(pid);
            return IdleBench.run(new IdleBench.Options(address(target), user, password, connections, users, server,
                    lmtp == null ? null : address(lmtp), rcpt == null ? user.replace("%d", "1") : rcpt, timeout, whileOpen));
        }
    }
}
