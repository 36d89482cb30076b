package org.colombier.server.pop3;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code pop3_lock_session = yes}: the users that have a POP3 session open in this server. Only
 * POP3 logins look here, so IMAP and LMTP keep working on a mailbox a POP3 client holds.
 */
final class SessionLocks {
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** Takes the user's lock; false when another POP3 session has it. */
    boolean tryLock(String user) {
        return held.add(user);
    }

    void unlock(String user) {
        held.remove(user);
    }
}
