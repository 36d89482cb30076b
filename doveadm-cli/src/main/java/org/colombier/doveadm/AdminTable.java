package org.colombier.doveadm;

import java.util.List;

import picocli.CommandLine.Model.CommandSpec;

/** Prints an admin answer as it came: its first row names the columns. */
final class AdminTable {
    private AdminTable() {
    }

    static int print(Doveadm doveadm, CommandSpec spec, List<String> request, String defaultFormatter) {
        List<List<String>> rows = AdminClient.call(doveadm.config(), request);
        Formatter out = doveadm.formatter(defaultFormatter, rows.get(0).stream().map(Formatter.Column::of).toList());
        rows.subList(1, rows.size()).forEach(out::row);
        out.print(spec.commandLine().getOut());
        return Doveadm.EX_OK;
    }
}
