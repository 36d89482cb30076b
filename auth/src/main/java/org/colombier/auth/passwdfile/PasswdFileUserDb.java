package org.colombier.auth.passwdfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.template.UserVariables;
import org.colombier.auth.AuthTemplates;
import org.colombier.auth.FieldTemplates;
import org.colombier.auth.UserRecords;

/** passwd-file as a userdb: uid, gid, home from the line; extra fields with {@code userdb_} prefix, prefix dropped. */
final class PasswdFileUserDb implements UserDb {
    private static final String USERDB_PREFIX = "userdb_";

    private final PasswdFiles files;

    PasswdFileUserDb(PasswdFiles files) {
        this.files = files;
    }

    @Override
    public UserLookup lookup(String user) {
        UserVariables vars = AuthTemplates.ofUser(user);
        Optional<PasswdEntry> entry;
        try {
            entry = files.find(vars);
        } catch (IOException e) {
            return new UserLookup.TempFail("passwd-file unreadable: " + e.getMessage());
        }
        if (entry.isEmpty()) {
            return new UserLookup.NotFound();
        }
        PasswdEntry e = entry.get();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("uid", e.uid());
        fields.put("gid", e.gid());
        fields.put("home", e.home());
        FieldTemplates.expand(e.extraFields(), vars).forEach((key, value) -> {
            if (key.startsWith(USERDB_PREFIX)) {
                fields.put(key.substring(USERDB_PREFIX.length()), value);
            }
        });
        try {
            return new UserLookup.Found(UserRecords.build(e.user(), fields));
        } catch (UserRecords.BadIdException ex) {
            return new UserLookup.TempFail(ex.getMessage());
        }
    }

    @Override
    public Stream<String> iterate() {
        try {
            return files.all().map(PasswdEntry::user);
        } catch (IOException e) {
            throw new UncheckedIOException("passwd-file unreadable", e);
        }
    }
}
