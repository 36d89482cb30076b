package org.colombier.auth.pam;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The outside tool the PAM tests need: Linux-PAM's library and the modules their service files use. */
final class LinuxPam {
    private static final String[] MODULES = {"pam_exec.so", "pam_succeed_if.so", "pam_debug.so", "pam_deny.so", "pam_permit.so"};

    private LinuxPam() {
    }

    /** Skips the calling test class, saying why, when libpam or a module is absent. */
    static void assumeAvailable(String testName) {
        boolean modules = Stream.of("/usr/lib/x86_64-linux-gnu/security", "/lib/x86_64-linux-gnu/security", "/usr/lib64/security",
                "/lib/security").anyMatch(d -> Stream.of(MODULES).allMatch(m -> Files.exists(Path.of(d, m))));
        String reason = null;
        if (!modules) {
            reason = "Linux-PAM modules (" + String.join(", ", MODULES) + ") absent: apt-get install libpam-modules";
        } else {
            try {
                LibPam.load();
            } catch (UnsatisfiedLinkError e) {
                reason = "libpam absent: apt-get install libpam0g (" + e.getMessage() + ")";
            }
        }
        if (reason != null) {
            System.out.println("SKIP " + testName + ": " + reason);
        }
        assumeTrue(reason == null, reason);
    }
}
