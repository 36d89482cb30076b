package org.colombier.auth.passwdfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a passwd-file: {@code user:password:uid:gid:gecos:home:shell:extra_fields}.
 *
 * @param password    the stored password, possibly with a {@code {SCHEME}} prefix; empty when none
 * @param extraFields the {@code key=value} extra fields in order, {@code userdb_} prefixes kept
 */
public record PasswdEntry(String user, String password, String uid, String gid, String home,
                          Map<String, String> extraFields) {
    public PasswdEntry {
        extraFields = Collections.unmodifiableMap(new LinkedHashMap<>(extraFields));
    }
}
