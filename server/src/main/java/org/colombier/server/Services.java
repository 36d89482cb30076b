package org.colombier.server;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.server.auth.Authenticator;
import org.colombier.server.mail.MailUsers;

/**
 * What every protocol shares once a configuration runs: the authenticator (passdbs, userdbs, the
 * login penalty) and the users' mail stores. Closed when the server stops.
 */
public record Services(Authenticator authenticator, MailUsers mailUsers) implements AutoCloseable {

    static Services create(ColombierConfig config, String hostname) throws ConfigException {
        Authenticator authenticator;
        try {
            authenticator = Authenticator.create(config.passdbs(), config.userdbs(), config.auth(), hostname);
        } catch (AuthConfigException e) {
            throw new ConfigException(null, e.getMessage(), e);
        }
        return new Services(authenticator, new MailUsers(config.mailStoreSettings(null)));
    }

    @Override
    public void close() {
        authenticator.close();
        mailUsers.close();
    }
}
