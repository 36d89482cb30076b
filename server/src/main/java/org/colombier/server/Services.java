package org.colombier.server;

import java.util.ArrayList;
import java.util.List;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.mail.MailUsers;
import org.colombier.server.auth.Authenticator;
import org.colombier.server.submission.SubmissionQueue;
import org.colombier.server.submission.SubmissionSettings;

/**
 * What every protocol shares once a configuration runs: the authenticator (passdbs, userdbs, the
 * auth cache, the login penalty), the users' mail stores and the outgoing mail queue.
 * {@code doveadm reload} replaces the authenticator for the logins and user lookups that follow, in
 * every protocol (each asks {@link #authenticator()} at the time); the replaced ones stay open
 * until the server stops, so an exchange that started on one can finish. Closed when the server stops.
 */
public final class Services implements AutoCloseable {
    private final MailUsers mailUsers;
    private final SubmissionQueue outbox;
    private final List<Authenticator> retired = new ArrayList<>();
    private volatile Authenticator authenticator;

    public Services(Authenticator authenticator, MailUsers mailUsers, SubmissionQueue outbox) {
        this.authenticator = authenticator;
        this.mailUsers = mailUsers;
        this.outbox = outbox;
    }

    static Services create(ColombierConfig config, String hostname) throws ConfigException {
        SubmissionSettings submission = SubmissionSettings.of(config, hostname);
        return new Services(authenticator(config, hostname), new MailUsers(config.mailStoreSettings(null)),
                new SubmissionQueue(submission));
    }

    static Authenticator authenticator(ColombierConfig config, String hostname) throws ConfigException {
        return authenticator(config, hostname, null);
    }

    /** The authenticator of {@code config}, keeping {@code previous}'s cache when its databases are the same. */
    static Authenticator authenticator(ColombierConfig config, String hostname, Authenticator previous) throws ConfigException {
        try {
            return Authenticator.create(config.passdbs(), config.userdbs(), config.auth(), hostname, previous);
        } catch (AuthConfigException e) {
            throw new ConfigException(null, e.getMessage(), e);
        }
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public MailUsers mailUsers() {
        return mailUsers;
    }

    public SubmissionQueue outbox() {
        return outbox;
    }

    /** New logins and user lookups use {@code next} from now on. */
    synchronized void replaceAuthenticator(Authenticator next) {
        retired.add(authenticator);
        authenticator = next;
    }

    @Override
    public synchronized void close() {
        retired.forEach(Authenticator::close);
        retired.clear();
        authenticator.close();
        mailUsers.close();
        outbox.close();
    }
}
