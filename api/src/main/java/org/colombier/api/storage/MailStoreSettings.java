package org.colombier.api.storage;

import java.util.Map;

/**
 * A driver's settings, as plain values the config module handed over.
 *
 * @param driver  the {@code mail_driver} name, e.g. {@code maildir}
 * @param fsync   {@code mail_fsync}: {@code optimized} (default), {@code always} or {@code never}
 * @param options every other {@code mail_*} and driver setting by its dovecot.conf name
 */
public record MailStoreSettings(String driver, String fsync, Map<String, String> options) {
    public MailStoreSettings {
        options = Map.copyOf(options);
    }

    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }
}
