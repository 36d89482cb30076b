package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.List;

import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.auth.AuthDrivers;
import org.colombier.config.ColombierConfig;
import org.colombier.config.NamespaceSettings;
import org.colombier.config.mail.MailUsers;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * What doveadm's mail commands share: {@code -u USER} or {@code -A} (every user the userdb
 * iterates), the user's mailboxes opened in this process through the storage SPI (as doveadm runs
 * mail commands locally), and doveadm's exit statuses: 67 unknown user, 68 mailbox not found,
 * 65 mailbox exists, 77 no permission, 75 temporary failure. A failing user does not stop -A; the
 * worst status is returned.
 */
abstract class MailCommand {
    /** -u or -A, one of them required. */
    static final class Users {
        @Option(names = "-u", paramLabel = "USER", description = "The user whose mail to work on.")
        String user;

        @Option(names = "-A", description = "Every user the userdb lists.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Users users;

    /** What a command does for one user. */
    @FunctionalInterface
    interface PerUser {
        void run(UserRecord user, UserMailboxes mailboxes) throws StoreException;
    }

    /** Runs {@code action} for the selected users; returns doveadm's exit status. */
    int forEachUser(Doveadm doveadm, PrintWriter err, PerUser action) {
        ColombierConfig config = doveadm.config();
        int status = Doveadm.EX_OK;
        try (AuthDrivers drivers = doveadm.authDrivers(); MailUsers mail = new MailUsers(config.mailStoreSettings(null))) {
            List<String> names = users.all ? drivers.users() : List.of(users.user);
            for (String name : names) {
                UserLookup found = drivers.lookup(name);
                if (found instanceof UserLookup.NotFound) {
                    err.println("Error: User doesn't exist");
                    status = worse(status, Doveadm.EX_NOUSER);
                    continue;
                }
                if (found instanceof UserLookup.TempFail fail) {
                    err.println("Error: User lookup failed: " + fail.detail());
                    status = worse(status, Doveadm.EX_TEMPFAIL);
                    continue;
                }
                UserRecord record = ((UserLookup.Found) found).user();
                try (UserMailboxes mailboxes = mail.open(record, "doveadm")) {
                    action.run(record, mailboxes);
                } catch (StoreException e) {
                    err.println("Error: " + e.getMessage());
                    status = worse(status, status(e.error()));
                } catch (Doveadm.ExitException e) {
                    if (e.getMessage() != null) {
                        err.println(e.level + ": " + e.getMessage());
                    }
                    status = worse(status, e.status);
                }
            }
        }
        err.flush();
        return status;
    }

    private static int worse(int a, int b) {
        return a == Doveadm.EX_OK ? b : a;
    }

    /** Dovecot's mail_error to exit status mapping (doveadm_mail_failed_error). */
    static int status(StoreError error) {
        return switch (error) {
            case NOT_FOUND -> Doveadm.EX_NOTFOUND;
            case EXISTS -> Doveadm.EX_DATAERR;
            case NO_PERMISSION -> Doveadm.EX_NOPERM;
            case OVER_QUOTA -> Doveadm.EX_CANTCREAT;
            case TEMPORARY, IN_USE -> Doveadm.EX_TEMPFAIL;
            default -> 1;
        };
    }

    /** The hierarchy separator of the inbox namespace ({@code /} when none is configured). */
    static char separator(ColombierConfig config) {
        return config.namespaces().stream().filter(NamespaceSettings::inbox).findFirst()
                .map(NamespaceSettings::separator).orElse('/');
    }

    static MailboxPath path(String name, char separator) throws StoreException {
        return MailboxPath.parse(name, separator);
    }
}
