package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.colombier.auth.scheme.PasswordSchemes;
import org.colombier.auth.scheme.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doveadm pw [-l] [-p PASSWORD] [-r ROUNDS] [-s SCHEME] [-t HASH] [-u USER] [-V]}: prints a
 * new {@code {SCHEME}hash} (default scheme CRYPT, bcrypt), or with {@code -t} checks a password
 * against a hash and prints {@code HASH (verified)}. Errors are Dovecot's {@code Fatal:} lines with
 * status 75. A password not given with {@code -p} is asked for, twice when it is a new one.
 */
@Command(name = "pw", description = "Generate a password hash, or verify one with -t.")
final class PwCommand implements Callable<Integer> {
    private static final int RETYPE_ATTEMPTS = 3;

    @ParentCommand
    Doveadm doveadm;

    @Spec
    CommandSpec spec;

    @Option(names = "-l", description = "List the known schemes.")
    boolean list;

    @Option(names = "-p", paramLabel = "PASSWORD")
    String plaintext;

    @Option(names = "-r", paramLabel = "ROUNDS", description = "Cost: crypt rounds, bcrypt cost, PBKDF2 iterations.")
    String rounds;

    @Option(names = "-s", paramLabel = "SCHEME", description = "Scheme (default CRYPT), optionally with .b64 or .hex.")
    String scheme;

    @Option(names = "-t", paramLabel = "HASH", description = "Verify the password against this {SCHEME}hash.")
    String testHash;

    // Dovecot salts only DIGEST-MD5 with the user name, a scheme we do not have; scripts still pass -u.
    @Option(names = "-u", paramLabel = "USER", description = "Accepted for compatibility; no scheme here uses it.")
    String user;

    @Option(names = "-V", description = "Verify the generated hash before printing it.")
    boolean verify;

    @Override
    public Integer call() {
        PasswordSchemes schemes = PasswordSchemes.defaults();
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            schemes.names().forEach(name -> out.print(name + " "));
            out.println();
            out.flush();
            return Doveadm.EX_OK;
        }
        int cost = cost();
        String password = plaintext != null ? plaintext : testHash != null
                ? doveadm.askPassword("Enter password to verify: ") : newPassword();
        String hash;
        if (testHash != null) {
            if (!testHash.startsWith("{") || testHash.indexOf('}') < 0) {
                throw Doveadm.ExitException.fatal("Missing {scheme} prefix from hash");
            }
            hash = testHash;
        } else {
            String name = scheme == null ? PasswordSchemes.DEFAULT_SCHEME : scheme.toUpperCase(Locale.ROOT);
            try {
                hash = schemes.generate(name, password, cost);
            } catch (IllegalArgumentException e) {
                throw Doveadm.ExitException.fatal(schemes.find(name.split("\\.", 2)[0]).isEmpty()
                        ? "Unknown scheme: " + name : e.getMessage());
            }
        }
        if (testHash != null || verify) {
            VerifyResult result = schemes.verify(password, hash, true);
            if (result != VerifyResult.MATCH) {
                throw Doveadm.ExitException.fatal(result == VerifyResult.MISMATCH
                        ? "reverse password verification check failed: Password mismatch"
                        : "reverse decode check failed: " + result.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
            out.println(hash + " (verified)");
        } else {
            out.println(hash);
        }
        out.flush();
        return Doveadm.EX_OK;
    }

    private int cost() {
        if (rounds == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(rounds);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw Doveadm.ExitException.fatal("Invalid number of rounds: " + rounds);
        }
    }

    private String newPassword() {
        for (int attempt = 0; attempt < RETYPE_ATTEMPTS; attempt++) {
            String first = doveadm.askPassword("Enter new password: ");
            if (first.equals(doveadm.askPassword("Retype new password: "))) {
                return first;
            }
            spec.commandLine().getErr().println("Error: Passwords don't match!");
        }
        throw new Doveadm.ExitException(1, null);
    }
}
