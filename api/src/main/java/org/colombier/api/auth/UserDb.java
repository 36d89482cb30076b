package org.colombier.api.auth;

import java.util.stream.Stream;

/** A user database: home, uid/gid and mail settings of a user, for LMTP, doveadm and logins. */
public interface UserDb extends AutoCloseable {
    UserLookup lookup(String user);

    /** Every user name, for {@code doveadm -A}; a userdb that cannot list returns an empty stream. */
    default Stream<String> iterate() {
        return Stream.empty();
    }

    @Override
    default void close() {
    }
}
