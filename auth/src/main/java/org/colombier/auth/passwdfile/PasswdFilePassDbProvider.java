package org.colombier.auth.passwdfile;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.PassDbProvider;
import org.colombier.auth.DriverOptions;
import org.colombier.auth.PasswordCheck;
import org.colombier.auth.scheme.PasswordSchemes;

/**
 * {@code passdb passwd-file}. Settings: {@code passwd_file_path} (required),
 * {@code passdb_default_password_scheme} (default CRYPT), {@code auth_allow_weak_schemes}.
 */
public final class PasswdFilePassDbProvider implements PassDbProvider {
    @Override
    public String driver() {
        return "passwd-file";
    }

    @Override
    public PassDb create(DriverSettings settings) throws AuthConfigException {
        return new PasswdFilePassDb(new PasswdFiles(settings, System::nanoTime),
                PasswordCheck.fromSettings(settings, PasswordSchemes.DEFAULT_SCHEME));
    }
}
