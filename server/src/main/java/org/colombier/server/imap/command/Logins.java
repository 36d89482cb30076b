package org.colombier.server.imap.command;

import java.util.Locale;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.config.MailboxSettings;
import org.colombier.server.auth.LoginResult;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.StoreErrors;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How LOGIN and AUTHENTICATE end: the same answers for both, as Dovecot gives them. */
final class Logins {
    private static final Logger LOG = LoggerFactory.getLogger("imap");
    static final String FAILED = "Authentication failed.";

    private Logins() {
    }

    /** Runs on the session's worker once the authenticator answered; resumes the parked session. */
    static void finish(ImapSession session, String tag, LoginResult result, Throwable error) {
        try {
            if (error != null || result instanceof LoginResult.TemporaryFailure) {
                session.connection().counters().loginFailed();
                session.done(ResponseBuilder.status(tag, "NO", ResponseCode.unavailable(),
                        "Temporary authentication failure."));
            } else if (result instanceof LoginResult.Failure) {
                session.connection().counters().loginFailed();
                session.done(ResponseBuilder.status(tag, "NO", ResponseCode.authenticationFailed(), FAILED));
            } else {
                LoginResult.Success ok = (LoginResult.Success) result;
                UserMailboxes mailboxes;
                try {
                    mailboxes = session.services().mailUsers().open(ok.user(), "imap");
                    autoCreate(session, mailboxes);
                } catch (StoreException e) {
                    LOG.error("cannot open the mail of {}: {}", ok.user().user(), e.getMessage());
                    session.done(StoreErrors.response(tag, new StoreException(StoreError.TEMPORARY,
                            "Temporary failure opening your mailboxes.")));
                    return;
                }
                session.loggedIn(ok.user(), mailboxes);
                session.ok(tag, ResponseCode.capability(session.capabilities()), "Logged in");
            }
        } finally {
            session.resume();
        }
    }

    /** {@code auto = create | subscribe} mailboxes of the namespace (RFC 6154 special-use folders). */
    private static void autoCreate(ImapSession session, UserMailboxes mailboxes) throws StoreException {
        for (MailboxSettings m : session.config().autoMailboxes()) {
            MailboxPath path = session.names().path(m.name());
            try {
                mailboxes.create(path);
            } catch (StoreException e) {
                if (e.error() != StoreError.EXISTS) {
                    throw e;
                }
            }
            if (m.auto().toLowerCase(Locale.ROOT).equals("subscribe") && !mailboxes.subscriptions().contains(path)) {
                mailboxes.subscribe(path);
            }
        }
    }
}
