package org.colombier.auth.statics;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserDbProvider;
import org.colombier.api.auth.UserLookup;
import org.colombier.auth.AuthTemplates;
import org.colombier.auth.UserRecords;

/**
 * {@code userdb static { fields { uid = vmail gid = vmail home = /srv/%{user} } }}: every user exists,
 * with the same fields, expanded for them. Cannot list users.
 */
public final class StaticUserDbProvider implements UserDbProvider {
    @Override
    public String driver() {
        return "static";
    }

    @Override
    public UserDb create(DriverSettings settings) throws AuthConfigException {
        StaticFields fields = new StaticFields(settings);
        try {
            // uid/gid names are checked now, so a typo fails the start, not every delivery
            UserRecords.build("", fields.expand(AuthTemplates.ofUser("")));
        } catch (UserRecords.BadIdException e) {
            throw new AuthConfigException("userdb static " + settings.name() + ": " + e.getMessage());
        }
        return user -> {
            try {
                return new UserLookup.Found(UserRecords.build(user, fields.expand(AuthTemplates.ofUser(user))));
            } catch (UserRecords.BadIdException e) {
                return new UserLookup.TempFail("userdb static: " + e.getMessage());
            }
        };
    }
}
