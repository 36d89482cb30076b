package org.colombier.api.storage;

import java.nio.file.Path;
import java.util.Map;

/**
 * Whose mail to open, and where: the user's name, home, and mail location, already expanded from
 * the configuration and the userdb ({@code mail_home}, {@code mail_path}, {@code mail_driver}).
 *
 * @param fields other userdb fields a driver may read (quota rules, layout options)
 */
public record MailUser(String name, Path home, Path mailPath, Map<String, String> fields) {
    public MailUser {
        fields = Map.copyOf(fields);
    }
}
