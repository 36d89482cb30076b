package org.colombier.api.template;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values a {@link Template} expands for one user.
 *
 * @param user  the user name as the passdb/userdb knows it, e.g. {@code bob@example.org}
 * @param home  the user's home directory, or null when none is known yet
 * @param extra the other variables of the session: {@code service}, {@code remote_ip}, {@code local_ip},
 *              {@code session}; a missing one expands to the empty string
 */
public record UserVariables(String user, String home, Map<String, String> extra) {
    public UserVariables {
        Objects.requireNonNull(user, "user");
        extra = Map.copyOf(extra);
    }

    public UserVariables(String user, String home) {
        this(user, home, Map.of());
    }

    /** The same variables with {@code service} set, e.g. {@code imap} or {@code lmtp}. */
    public UserVariables withService(String service) {
        Map<String, String> copy = new HashMap<>(extra);
        copy.put("service", service);
        return new UserVariables(user, home, copy);
    }
}
