package org.colombier.doveadm;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code doveadm sieve get -u USER NAME}: the script's source on standard output. */
@Command(name = "get", description = "Print a Sieve script.")
final class SieveCommandGet implements Callable<Integer> {
    @ParentCommand
    SieveCommand sieve;

    @Spec
    CommandSpec spec;

    @Option(names = "-u", paramLabel = "USER", required = true, description = "The user.")
    String user;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        byte[] source = SieveCommandStorage.of(sieve.doveadm, user).read(name);
        PrintWriter out = spec.commandLine().getOut();
        out.print(new String(source, StandardCharsets.UTF_8));
        out.flush();
        return Doveadm.EX_OK;
    }
}
