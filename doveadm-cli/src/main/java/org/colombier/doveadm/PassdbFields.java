package org.colombier.doveadm;

import java.util.Map;
import java.util.TreeMap;

/**
 * The passdb fields doveadm shows, as Dovecot's auth service hands them out: the password never,
 * nor the {@code userdb_*} fields, which go to the userdb lookup.
 */
final class PassdbFields {
    private PassdbFields() {
    }

    static Map<String, String> visible(Map<String, String> fields) {
        Map<String, String> out = new TreeMap<>();
        fields.forEach((key, value) -> {
            if (!key.startsWith("userdb_") && !key.equals("password") && !key.equals("user")) {
                out.put(key, value);
            }
        });
        return out;
    }
}
