package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.colombier.api.auth.AuthResult;
import org.colombier.auth.AuthDrivers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doveadm auth test [-x KEY=VALUE] USER [PASSWORD]}: checks a password along the passdb chain
 * and prints what Dovecot's does: {@code passdb: USER auth succeeded} (status 0) or
 * {@code auth failed} (status 77, whatever the reason, a temporary failure included), then the
 * extra fields.
 */
@Command(name = "test", description = "Check a user's password against the passdbs.")
final class AuthTestCommand implements Callable<Integer> {
    @ParentCommand
    AuthCommand auth;

    @Spec
    CommandSpec spec;

    @Mixin
    AuthInfo authInfo;

    @Parameters(index = "0", paramLabel = "USER")
    String user;

    @Parameters(index = "1", paramLabel = "PASSWORD", arity = "0..1", description = "Asked for when not given.")
    String password;

    @Override
    public Integer call() {
        String plain = password != null ? password : auth.doveadm.askPassword("Password: ");
        AuthResult result;
        try (AuthDrivers drivers = auth.doveadm.authDrivers()) {
            result = drivers.verifyPlain(authInfo.request(user), plain);
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> fields = new TreeMap<>();
        String name = user;
        if (result instanceof AuthResult.Ok ok) {
            name = ok.user();
            fields.putAll(PassdbFields.visible(ok.extraFields()));
        }
        out.println("passdb: " + user + " auth " + (result instanceof AuthResult.Ok ? "succeeded" : "failed"));
        out.println("extra fields:");
        out.println("  user=" + name);
        fields.forEach((key, value) -> out.println("  " + key + "=" + value));
        if (result instanceof AuthResult.TempFail t) {
            out.println("  code=temp_fail");
            spec.commandLine().getErr().println("Error: passdb lookup failed for " + user + ": " + t.detail());
        }
        out.flush();
        return result instanceof AuthResult.Ok ? Doveadm.EX_OK : Doveadm.EX_NOPERM;
    }
}
