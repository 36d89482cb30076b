package org.colombier.auth;

import java.util.Optional;

/**
 * A master user logging in as another user, Dovecot's {@code login_user*master_user} with
 * {@code auth_master_user_separator}: the name before the first separator is the user whose mail
 * the session gets, the rest is the master user whose password is checked.
 */
public record MasterLogin(String loginUser, String masterUser) {
    /**
     * Splits {@code name}; empty when the separator is unset, absent, or leaves either side empty
     * (then the name is an ordinary login name).
     */
    public static Optional<MasterLogin> parse(String name, String separator) {
        if (separator == null || separator.isEmpty()) {
            return Optional.empty();
        }
        int at = name.indexOf(separator);
        if (at <= 0 || at + separator.length() >= name.length()) {
            return Optional.empty();
        }
        return Optional.of(new MasterLogin(name.substring(0, at), name.substring(at + separator.length())));
    }
}
