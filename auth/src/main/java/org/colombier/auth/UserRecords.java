package org.colombier.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.colombier.api.auth.UserRecord;

/**
 * Builds a {@link UserRecord} from userdb fields by their Dovecot names: {@code user} renames,
 * {@code home}, {@code uid} and {@code gid} (numbers, or names looked up in /etc/passwd and /etc/group)
 * get their own slots, every other field ({@code mail_path}, {@code mail_driver}, quota ...) is kept.
 */
public final class UserRecords {
    private UserRecords() {
    }

    /** A uid/gid that is neither a number nor a known system name. */
    public static final class BadIdException extends Exception {
        private static final long serialVersionUID = 1L;

        BadIdException(String message) {
            super(message);
        }
    }

    public static UserRecord build(String user, Map<String, String> fields) throws BadIdException {
        Map<String, String> rest = new LinkedHashMap<>(fields);
        String name = nonEmpty(rest.remove("user"));
        String home = nonEmpty(rest.remove("home"));
        OptionalInt uid = id(rest.remove("uid"), Path.of("/etc/passwd"), "uid");
        OptionalInt gid = id(rest.remove("gid"), Path.of("/etc/group"), "gid");
        return new UserRecord(name == null ? user : name, home, uid, gid, rest);
    }

    private static OptionalInt id(String value, Path database, String what) throws BadIdException {
        String v = nonEmpty(value);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return OptionalInt.of(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw new BadIdException(what + " " + v + " is out of range");
            }
        }
        try {
            List<String> lines = Files.readAllLines(database);
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length > 2 && f[0].equals(v) && f[2].chars().allMatch(Character::isDigit) && !f[2].isEmpty()) {
                    return OptionalInt.of(Integer.parseInt(f[2]));
                }
            }
        } catch (NoSuchFileException e) {
            throw new BadIdException(what + " " + v + ": " + database + " is missing");
        } catch (IOException e) {
            throw new BadIdException(what + " " + v + ": cannot read " + database + ": " + e.getMessage());
        }
        throw new BadIdException(what + " " + v + " is not a system " + (what.equals("uid") ? "user" : "group"));
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
