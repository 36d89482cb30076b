package org.colombier.doveadm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doveadm who [-1] [USER-MASK] [IP[/BITS]]}: the running server's sessions, by default one
 * row per user and protocol ({@code username # proto (sessions) (ips)}, Dovecot's table with
 * session ids where Dovecot shows pids); {@code -1} one row per connection. Connections not logged
 * in yet (LMTP always) show an empty username. Status 75 when the server is not running.
 */
@Command(name = "who", description = "Show who is logged in to the running server.")
final class WhoCommand implements Callable<Integer> {
    @ParentCommand
    Doveadm doveadm;

    @Spec
    CommandSpec spec;

    @Option(names = "-1", description = "One line per connection.")
    boolean perConnection;

    @Parameters(paramLabel = "MASK", arity = "0..2", description = "A user mask (* and ?) and/or a remote IP[/bits].")
    List<String> masks = List.of();

    @Override
    public Integer call() {
        List<String> request = new ArrayList<>();
        request.add("who");
        if (perConnection) {
            request.add("-1");
        }
        request.addAll(masks);
        List<List<String>> rows = AdminClient.call(doveadm.config(), request);
        List<Formatter.Column> columns = perConnection
                ? List.of(Formatter.Column.of("username"), new Formatter.Column("service", "proto", false),
                        Formatter.Column.of("session"), Formatter.Column.of("ip"))
                : List.of(Formatter.Column.of("username"), new Formatter.Column("connections", "#", false),
                        new Formatter.Column("service", "proto", false), new Formatter.Column("sessions", "(sessions)", false),
                        new Formatter.Column("ips", "(ips)", false));
        Formatter out = doveadm.formatter("table", columns);
        for (List<String> row : rows.subList(1, rows.size())) {
            out.row(row.subList(0, columns.size()));
        }
        out.print(spec.commandLine().getOut());
        return Doveadm.EX_OK;
    }
}
