package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.auth.AuthDrivers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doveadm auth lookup [-x KEY=VALUE] [-f FIELD] USER...}: the passdb entry of each user as
 * Dovecot prints it ({@code passdb: USER} then {@code   name      : value}), without the password.
 * Status 67 for an unknown user, 75 when the passdb cannot answer.
 */
@Command(name = "lookup", description = "Show the passdb fields of users.")
final class AuthLookupCommand implements Callable<Integer> {
    @ParentCommand
    AuthCommand auth;

    @Spec
    CommandSpec spec;

    @Mixin
    AuthInfo authInfo;

    @Mixin
    FieldPrinter printer;

    @Parameters(paramLabel = "USER", arity = "1..*")
    List<String> users;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int status = Doveadm.EX_OK;
        try (AuthDrivers drivers = auth.doveadm.authDrivers()) {
            for (int i = 0; i < users.size(); i++) {
                String user = users.get(i);
                if (i > 0) {
                    out.println();
                }
                CredentialsResult result = drivers.lookupCredentials(authInfo.request(user));
                if (result instanceof CredentialsResult.Found found) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    fields.put("user", found.user());
                    fields.putAll(PassdbFields.visible(found.extraFields()));
                    printer.print(out, "passdb: " + user, fields);
                } else if (result instanceof CredentialsResult.NotFound) {
                    (printer.only == null ? out : err).println("passdb lookup: user " + user + " doesn't exist");
                    status = Doveadm.EX_NOUSER;
                } else {
                    String detail = result instanceof CredentialsResult.TempFail t ? t.detail()
                            : "no passdb can look up credentials";
                    err.println("Error: passdb lookup failed for " + user + ": " + detail);
                    status = Doveadm.EX_TEMPFAIL;
                }
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}
