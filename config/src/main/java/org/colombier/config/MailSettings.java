package org.colombier.config;

/**
 * Where mail lives. {@code path} and {@code home} are templates with {@code %{user}},
 * {@code %{home}} ... expanded per user by {@link org.colombier.api.template.Template}.
 *
 * @param driver {@code mail_driver}
 * @param path   {@code mail_path}, e.g. {@code ~/Maildir}
 * @param home   {@code mail_home}, e.g. {@code /srv/mail/%{user}}, or null to use the userdb's home
 * @param fsync  {@code mail_fsync}
 */
public record MailSettings(String driver, String path, String home, String fsync) {
}
