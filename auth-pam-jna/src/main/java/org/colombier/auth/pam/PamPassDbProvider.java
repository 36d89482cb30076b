package org.colombier.auth.pam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.PassDbProvider;

/**
 * {@code passdb pam { service_name = dovecot }}. Settings: {@code passdb_pam_service_name} (or
 * {@code service_name}, default {@code dovecot}); ours: {@code passdb_pam_confdir} (a private PAM
 * configuration directory), {@code passdb_pam_workers} (default 4), {@code passdb_pam_timeout}
 * (seconds, default 30). {@code passdb_pam_session} and {@code passdb_pam_setcred} are not supported.
 */
public final class PamPassDbProvider implements PassDbProvider {
    private static final AtomicInteger POOLS = new AtomicInteger();

    @Override
    public String driver() {
        return "pam";
    }

    @Override
    public PassDb create(DriverSettings settings) throws AuthConfigException {
        for (String unsupported : new String[] {"passdb_pam_session", "passdb_pam_setcred"}) {
            if (yes(setting(settings, unsupported))) {
                throw new AuthConfigException("passdb pam: " + unsupported + " = yes is not supported");
            }
        }
        String service = setting(settings, "passdb_pam_service_name");
        String confdir = setting(settings, "passdb_pam_confdir");
        if (confdir != null && !Files.isDirectory(Path.of(confdir))) {
            throw new AuthConfigException("passdb pam: passdb_pam_confdir " + confdir + " is not a directory");
        }
        PamSettings pam = new PamSettings(service == null ? "dovecot" : service, confdir == null ? null : Path.of(confdir),
                positive(settings, "passdb_pam_workers", 4), Duration.ofSeconds(positive(settings, "passdb_pam_timeout", 30)));
        LibPam lib;
        try {
            lib = LibPam.load();
        } catch (UnsatisfiedLinkError e) {
            throw new AuthConfigException("passdb pam: cannot load libpam: " + e.getMessage(), e);
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "pam-" + pool + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor workers = new ThreadPoolExecutor(pam.workers(), pam.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(pam.workers()), threads);
        workers.allowCoreThreadTimeOut(true);
        return new PamPassDb(lib, pam, workers);
    }

    /** The full 2.4 name, else the short one written inside the section. */
    private static String setting(DriverSettings settings, String name) {
        String value = settings.settings().get(name);
        if (value == null || value.isBlank()) {
            value = settings.settings().get(name.substring("passdb_pam_".length()));
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean yes(String value) {
        return value != null && (value.toLowerCase(Locale.ROOT).equals("yes") || value.equals("1"));
    }

    private static int positive(DriverSettings settings, String name, int defaultValue) throws AuthConfigException {
        String value = setting(settings, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.replaceFirst("s$", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new AuthConfigException("passdb pam: " + name + " must be a positive number, not " + value);
        }
    }
}
