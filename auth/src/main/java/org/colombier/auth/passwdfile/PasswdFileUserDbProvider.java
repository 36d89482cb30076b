package org.colombier.auth.passwdfile;

import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserDbProvider;

/** {@code userdb passwd-file}. Settings: {@code passwd_file_path} (required). */
public final class PasswdFileUserDbProvider implements UserDbProvider {
    @Override
    public String driver() {
        return "passwd-file";
    }

    @Override
    public UserDb create(DriverSettings settings) throws AuthConfigException {
        return new PasswdFileUserDb(new PasswdFiles(settings, System::nanoTime));
    }
}
