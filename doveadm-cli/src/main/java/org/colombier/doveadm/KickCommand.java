package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doveadm kick USER-MASK|IP[/BITS]...}: disconnects the matching sessions, each with its
 * protocol's goodbye. Prints doveadm's {@code kicked connections from the following users:} and
 * the users, or {@code no users kicked} with status 68.
 */
@Command(name = "kick", description = "Disconnect the sessions of matching users or remote IPs.")
final class KickCommand implements Callable<Integer> {
    @ParentCommand
    Doveadm doveadm;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MASK", arity = "1..2", description = "A user mask (* and ?) and/or a remote IP[/bits].")
    List<String> masks;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> request = new ArrayList<>();
        request.add("kick");
        request.addAll(masks);
        List<List<String>> rows;
        try {
            rows = AdminClient.call(doveadm.config(), request);
        } catch (Doveadm.ExitException e) {
            if (e.status != Doveadm.EX_NOTFOUND) {
                throw e;
            }
            out.println("no users kicked");
            out.flush();
            return Doveadm.EX_NOTFOUND;
        }
        out.println("kicked connections from the following users:");
        StringBuilder users = new StringBuilder();
        rows.subList(1, rows.size()).forEach(row -> users.append(row.get(0)).append(' '));
        out.println(users);
        out.flush();
        return Doveadm.EX_OK;
    }
}
