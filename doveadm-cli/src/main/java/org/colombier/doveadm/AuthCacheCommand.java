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

/** {@code doveadm auth cache ...}: the running server's authentication cache, through its admin socket. */
@Command(name = "cache", description = "flush [USER...]: flush the running server's authentication cache, for all users or the given ones.",
        subcommands = AuthCacheCommand.Flush.class)
final class AuthCacheCommand {
    @ParentCommand
    AuthCommand auth;

    /**
     * {@code auth cache flush [USER ...]}: forgets the cached passdb and userdb answers of the users,
     * or every one, and prints Dovecot's {@code <n> cache entries flushed}. A server that cannot be
     * reached is status 75, as doveadm's "Cache flush failed".
     */
    @Command(name = "flush", description = {"Flush the authentication cache, for the given users or for all.",
            "Prints how many cache entries were flushed. Without auth_cache_size nothing is cached: 0."})
    static final class Flush implements Callable<Integer> {
        @ParentCommand
        AuthCacheCommand cache;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "USER", arity = "0..*", description = "Only these users' entries (default: all).")
        List<String> users = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> request = new ArrayList<>();
            request.add("auth-cache-flush");
            request.addAll(users);
            List<List<String>> rows = AdminClient.call(cache.auth.doveadm.config(), request);
            PrintWriter out = spec.commandLine().getOut();
            out.println(rows.get(1).get(0) + " cache entries flushed");
            out.flush();
            return Doveadm.EX_OK;
        }
    }
}
