package org.colombier.auth.pam;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param serviceName PAM service, {@code passdb_pam_service_name}; {@code %{service}} (or
 *                    {@code %{protocol}}) becomes the login's protocol, as in Dovecot
 * @param confdir     a private PAM configuration directory (pam_start_confdir), or null for /etc/pam.d
 * @param workers     threads running PAM transactions; as many logins again may wait in the queue
 * @param timeout     a login not answered by then is a temporary failure
 */
record PamSettings(String serviceName, Path confdir, int workers, Duration timeout) {
    String serviceName(String protocol) {
        String p = protocol == null ? "" : protocol;
        return serviceName.replace("%{service}", p).replace("%{protocol}", p);
    }
}
