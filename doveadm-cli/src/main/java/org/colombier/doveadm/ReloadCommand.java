package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code doveadm reload}: the running server re-reads its configuration file without dropping
 * connections; new IMAP and POP3 logins and LMTP deliveries use its passdbs, userdbs and auth
 * settings (listeners, TLS and mail settings need a restart). The auth cache is kept unless the
 * passdbs, userdbs or cache settings changed. A file with an error is refused (status 1, the error on stderr) and
 * the server keeps its running configuration. Prints nothing on success, like doveadm.
 */
@Command(name = "reload", description = "Reload the running server's configuration (passdb, userdb, auth settings for IMAP, POP3 and LMTP).")
final class ReloadCommand implements Callable<Integer> {
    @ParentCommand
    Doveadm doveadm;

    @Override
    public Integer call() {
        AdminClient.call(doveadm.config(), List.of("reload"));
        return Doveadm.EX_OK;
    }
}
