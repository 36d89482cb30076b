package org.colombier.server.pop3;

import java.util.function.Supplier;

import org.colombier.server.auth.Authenticator;
import org.colombier.config.mail.MailUsers;

/**
 * What every POP3 session of one server shares: its settings, the authenticator (the current one,
 * which {@code doveadm reload} replaces), the users' mail, the {@code pop3_lock_session} registry
 * and the last login times {@code pop3_login_delay} checks.
 */
public final class Pop3Service {
    private final Pop3Settings settings;
    private final Supplier<Authenticator> authenticator;
    private final MailUsers mailUsers;
    private final SessionLocks locks = new SessionLocks();
    private final LoginDelays loginDelays;

    public Pop3Service(Pop3Settings settings, Supplier<Authenticator> authenticator, MailUsers mailUsers) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.mailUsers = mailUsers;
        this.loginDelays = new LoginDelays(settings.loginDelay(), System::nanoTime);
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

    LoginDelays loginDelays() {
        return loginDelays;
    }
}
