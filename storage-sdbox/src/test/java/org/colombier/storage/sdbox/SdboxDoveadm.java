package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.file.Path;

import org.colombier.api.storage.support.Doveadm;

/** Dovecot's doveadm on the sdbox root {@code home/sdbox}. */
final class SdboxDoveadm {
    private SdboxDoveadm() {
    }

    static Doveadm forHome(Path home) throws IOException {
        Path root = home.resolve("sdbox");
        return Doveadm.forRoot(home, root, "sdbox:" + root, "dovecot.conf");
    }
}
