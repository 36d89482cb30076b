package org.colombier.server.imap.command;

import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.ResponseCode;
import org.colombier.server.imap.protocol.command.LoginCommand;

/** LOGIN (RFC 3501 6.2.3): refused without TLS unless cleartext is allowed here (then LOGINDISABLED is advertised). */
public final class LoginHandler implements CommandHandler<LoginCommand> {
    @Override
    public void run(ImapSession session, String tag, LoginCommand command) {
        if (!session.cleartextAllowed()) {
            session.done(ResponseBuilder.status(tag, "NO", ResponseCode.privacyRequired(),
                    "Plaintext authentication disallowed on non-secure (SSL/TLS) connections."));
            return;
        }
        session.park();
        session.services().authenticator().verifyPlain(session.authRequest(command.user()), command.password())
                .whenComplete((result, error) -> session.later(() -> Logins.finish(session, tag, result, error)));
    }
}
