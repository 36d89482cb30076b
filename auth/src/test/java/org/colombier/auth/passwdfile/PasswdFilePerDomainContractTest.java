package org.colombier.auth.passwdfile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.colombier.api.auth.AuthDbContract;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;

/** The contract with one passwd-file per domain: {@code passwd_file_path = .../%{user | domain}/passwd}. */
class PasswdFilePerDomainContractTest extends AuthDbContract {
    private DriverSettings settings() {
        return new DriverSettings("passwd-file", "domains",
                Map.of("passwd_file_path", dir.resolve("domains") + "/%{user | domain | lower}/passwd"));
    }

    @Override
    protected PassDb openPassDb(List<ContractUser> users) throws Exception {
        for (ContractUser u : users) {
            Path file = dir.resolve("domains").resolve(u.name().substring(u.name().indexOf('@') + 1)).resolve("passwd");
            Files.createDirectories(file.getParent());
            String line = u.name() + ':' + u.storedPassword() + ':' + u.uid() + ':' + u.gid() + "::" + u.home()
                    + "::userdb_mail_path=" + u.mailPath() + "\n";
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        // a user misfiled under another domain's file is not that domain's user
        Files.writeString(dir.resolve("domains/example.org/passwd"), "stray@example.com:{PLAIN}x\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new PasswdFilePassDbProvider().create(settings());
    }

    @Override
    protected UserDb openUserDb(List<ContractUser> users) throws Exception {
        return new PasswdFileUserDbProvider().create(settings());
    }
}
