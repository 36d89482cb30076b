package org.colombier.api.auth;

import java.util.Map;

/**
 * The settings of one {@code passdb NAME { ... }} or {@code userdb NAME { ... }} section, as plain
 * values by their dovecot.conf names.
 *
 * @param driver   the driver, e.g. {@code passwd-file}, {@code sql}, {@code pam}, {@code static}
 * @param name     the section's name
 * @param settings the section's settings (and the global ones a driver reads, like {@code sql_driver})
 */
public record DriverSettings(String driver, String name, Map<String, String> settings) {
    public DriverSettings {
        settings = Map.copyOf(settings);
    }

    public String get(String key, String defaultValue) {
        return settings.getOrDefault(key, defaultValue);
    }
}
