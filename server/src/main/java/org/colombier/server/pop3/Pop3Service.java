package org.colombier.server.pop3;

import java.util.function.Supplier;

import org.colombier.server.auth.Authenticator;
import org.colombier.config.mail.MailUsers;

/**
 * What every POP3 session of one server shares: its settings, the authenticator (the current one,
 * which {@code doveadm reload} replaces), the users' mail and the {@code pop3_lock_session} registry.
 */
public final class Pop3Service {
    private final Pop3Settings settings;
    private final Supplier<Authenticator> authenticator;
    private final MailUsers mailUsers;
    private final SessionLocks locks = new SessionLocks();

    public Pop3Service(Pop3Settings settings, Supplier<Authenticator> authenticator, MailUsers mailUsers) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.mailUsers = mailUsers;
    }

    Pop3Settings settings() {
        return settings;
    }

    Authenticator authenticator() {
        return authenticator.get();
    }

    MailUsers mailUsers() {
        return mailUsers;
    }

    SessionLocks locks() {
        return locks;
    }
}
