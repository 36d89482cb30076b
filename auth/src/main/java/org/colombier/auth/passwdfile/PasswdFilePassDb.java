package org.colombier.auth.passwdfile;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.PassDb;
import org.colombier.auth.AuthTemplates;
import org.colombier.auth.FieldTemplates;
import org.colombier.auth.PasswordCheck;

/**
 * passwd-file as a passdb. The line's uid, gid and home come back as {@code userdb_uid},
 * {@code userdb_gid}, {@code userdb_home} extra fields (unless the extra fields set them), so the
 * server can skip a userdb lookup, as Dovecot's prefetch does.
 */
final class PasswdFilePassDb implements PassDb {
    private final PasswdFiles files;
    private final PasswordCheck check;

    PasswdFilePassDb(PasswdFiles files, PasswordCheck check) {
        this.files = files;
        this.check = check;
    }

    @Override
    public AuthResult verifyPlain(AuthRequest request, String password) {
        Optional<PasswdEntry> entry;
        try {
            entry = files.find(AuthTemplates.of(request));
        } catch (IOException e) {
            return new AuthResult.TempFail("passwd-file unreadable: " + e.getMessage());
        }
        if (entry.isEmpty()) {
            return new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
        }
        PasswdEntry e = entry.get();
        return check.check(e.user(), password, e.password(), extraFields(e, request));
    }

    @Override
    public CredentialsResult lookupCredentials(AuthRequest request) {
        Optional<PasswdEntry> entry;
        try {
            entry = files.find(AuthTemplates.of(request));
        } catch (IOException e) {
            return new CredentialsResult.TempFail("passwd-file unreadable: " + e.getMessage());
        }
        if (entry.isEmpty() || entry.get().password().isEmpty()) {
            return new CredentialsResult.NotFound();
        }
        PasswdEntry e = entry.get();
        return new CredentialsResult.Found(e.user(), check.withScheme(e.password()), extraFields(e, request));
    }

    private static Map<String, String> extraFields(PasswdEntry e, AuthRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        putIfSet(fields, "userdb_uid", e.uid());
        putIfSet(fields, "userdb_gid", e.gid());
        putIfSet(fields, "userdb_home", e.home());
        fields.putAll(FieldTemplates.expand(e.extraFields(), AuthTemplates.of(request)));
        return fields;
    }

    private static void putIfSet(Map<String, String> fields, String key, String value) {
        if (!value.isEmpty()) {
            fields.put(key, value);
        }
    }
}
