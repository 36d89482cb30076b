package org.colombier.auth.statics;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.PassDbProvider;
import org.colombier.auth.AuthTemplates;
import org.colombier.auth.DriverOptions;
import org.colombier.auth.PasswordCheck;

/**
 * {@code passdb static}: one password for every user ({@code passdb_static_password}, or
 * {@code password} inside the section), or none with {@code fields { nopassword = yes }};
 * {@code fields/*} become extra fields.
 */
public final class StaticPassDbProvider implements PassDbProvider {
    @Override
    public String driver() {
        return "static";
    }

    @Override
    public PassDb create(DriverSettings settings) throws AuthConfigException {
        StaticFields fields = new StaticFields(settings);
        String password = DriverOptions.firstOf(settings, "passdb_static_password", "password");
        if (password == null && !fields.contains("nopassword")) {
            throw new AuthConfigException("passdb static " + settings.name()
                    + ": set passdb_static_password, or fields { nopassword = yes }");
        }
        PasswordCheck check = PasswordCheck.fromSettings(settings, "PLAIN");
        String stored = password == null ? "" : password;
        return new PassDb() {
            @Override
            public AuthResult verifyPlain(AuthRequest request, String given) {
                return check.check(request.user(), given, stored, fields.expand(AuthTemplates.of(request)));
            }

            @Override
            public CredentialsResult lookupCredentials(AuthRequest request) {
                return stored.isEmpty() ? new CredentialsResult.NotFound()
                        : new CredentialsResult.Found(request.user(), check.withScheme(stored),
                        fields.expand(AuthTemplates.of(request)));
            }
        };
    }
}
