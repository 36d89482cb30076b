package org.colombier.auth.pam;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.PassDbContract;
import org.junit.jupiter.api.BeforeAll;

/**
 * The passdb contract through the real Linux-PAM, with a private confdir whose stack asks pam_exec
 * whether the user exists (pam_debug then answers "user unknown", as pam_unix does for a missing
 * account) and then checks the password against a file of the contract's users. Only the
 * {@link PassDbContract} applies: PAM checks passwords and nothing more, it stores no hashes (no
 * schemes to refuse), hands out no credentials and is no userdb.
 */
class PamContractTest extends PassDbContract {
    private static final String CHECK = """
            #!/bin/sh
            # known: is $PAM_USER listed; password: is the password (stdin, NUL-terminated) his
            users="$(dirname "$0")/users"
            if [ "$1" = known ]; then
                cut -f1 "$users" | grep -Fxq -- "$PAM_USER"
            else
                pw=$(tr -d '\\000')
                grep -Fxq -- "$PAM_USER	$pw" "$users"
            fi
            """;
    private static final String STACK = """
            auth [success=1 default=ignore] pam_exec.so quiet %1$s known
            auth requisite pam_debug.so auth=user_unknown
            auth [success=1 default=ignore] pam_exec.so quiet expose_authtok %1$s password
            auth requisite pam_deny.so
            auth required pam_permit.so
            account required pam_permit.so
            """;

    @BeforeAll
    static void needsLinuxPam() {
        LinuxPam.assumeAvailable("PamContractTest");
    }

    @Override
    protected PassDb openPassDb(List<ContractUser> users) throws Exception {
        Files.writeString(dir.resolve("users"), users.stream().map(u -> u.name() + "\t" + u.password() + "\n")
                .collect(Collectors.joining()), StandardCharsets.UTF_8);
        Path check = Files.writeString(dir.resolve("check.sh"), CHECK, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path confdir = Files.createDirectory(dir.resolve("pam.d"));
        Files.writeString(confdir.resolve("colombier-contract"), STACK.formatted(check));
        // the contract logs in from 8 threads at once: as many workers, so none waits for a free one
        return new PamPassDbProvider().create(new DriverSettings("pam", "pam", Map.of("passdb_pam_service_name",
                "colombier-contract", "passdb_pam_confdir", confdir.toString(), "passdb_pam_workers", "8")));
    }
}
