package org.colombier.server.testing;

import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserDbProvider;
import org.colombier.api.auth.UserLookup;

/**
 * {@code userdb outage}: a userdb whose backend is down for users whose name starts with
 * {@code outage}, and that knows nobody else; for tests of temporary lookup failures.
 */
public final class OutageUserDbProvider implements UserDbProvider {
    @Override
    public String driver() {
        return "outage";
    }

    @Override
    public UserDb create(DriverSettings settings) {
        return user -> user.startsWith("outage") ? new UserLookup.TempFail("database connection refused")
                : new UserLookup.NotFound();
    }
}
