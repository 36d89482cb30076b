package org.colombier.api.auth;

import java.util.Map;
import java.util.OptionalInt;

/**
 * What a userdb knows of a user: where the mail lives and who owns it.
 *
 * @param home   the home directory, or null (then {@code mail_home} from the config applies)
 * @param fields every other userdb field by its Dovecot name ({@code mail_path}, {@code mail_driver},
 *               {@code quota_storage_size} ...)
 */
public record UserRecord(String user, String home, OptionalInt uid, OptionalInt gid, Map<String, String> fields) {
    public UserRecord {
        fields = Map.copyOf(fields);
    }
}
