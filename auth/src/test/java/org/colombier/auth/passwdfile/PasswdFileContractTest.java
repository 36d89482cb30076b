package org.colombier.auth.passwdfile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.colombier.api.auth.AuthDbContract;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;

class PasswdFileContractTest extends AuthDbContract {
    private Path file;

    private DriverSettings settings() {
        return new DriverSettings("passwd-file", "users", Map.of("passwd_file_path", file.toString()));
    }

    @Override
    protected PassDb openPassDb(List<ContractUser> users) throws Exception {
        file = dir.resolve("users");
        StringBuilder text = new StringBuilder("# the contract's users\n\n");
        for (ContractUser u : users) {
            text.append(u.name()).append(':').append(u.storedPassword()).append(':').append(u.uid()).append(':')
                    .append(u.gid()).append("::").append(u.home()).append("::userdb_mail_path=").append(u.mailPath())
                    .append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return new PasswdFilePassDbProvider().create(settings());
    }

    @Override
    protected UserDb openUserDb(List<ContractUser> users) throws Exception {
        return new PasswdFileUserDbProvider().create(settings());
    }
}
