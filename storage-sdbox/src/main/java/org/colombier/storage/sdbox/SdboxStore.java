package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.Durability;

/**
 * The {@code sdbox} driver. Open mailboxes are shared JVM-wide, one {@link MailboxState} per
 * {@code dbox-Mails} directory, because Dovecot's index lock is a POSIX lock that belongs to the
 * whole process and is dropped by closing any descriptor of the log.
 *
 * <p>Settings: {@code mail_fsync}; option {@code sdbox_lock_timeout} (seconds to wait for
 * Dovecot's index lock before {@link StoreError#IN_USE}, default 180 as Dovecot).
 */
public final class SdboxStore implements MailStore {
    private static final Map<Path, MailboxState> OPEN = new HashMap<>();
    private static final AtomicLong FILE_OPENS = new AtomicLong();

    private final Durability durability;
    private final long lockTimeoutMillis;

    public SdboxStore(MailStoreSettings settings) {
        this.durability = Durability.of(settings.fsync());
        this.lockTimeoutMillis = Long.parseLong(settings.option("sdbox_lock_timeout", "180")) * 1000;
    }

    @Override
    public UserMailboxes forUser(MailUser user) throws StoreException {
        return new SdboxUser(this, user.mailPath());
    }

    Durability durability() {
        return durability;
    }

    /** Message files opened by this JVM (for tests and the benchmark: FETCH of metadata opens none). */
    public static long messageFileOpens() {
        return FILE_OPENS.get();
    }

    MailboxState acquire(Path dir) throws StoreException {
        Path key = dir.toAbsolutePath().normalize();
        synchronized (OPEN) {
            MailboxState s = OPEN.get(key);
            if (s == null) {
                try {
                    s = new MailboxState(key, durability, lockTimeoutMillis, FILE_OPENS);
                } catch (IOException e) {
                    throw new StoreException(StoreError.TEMPORARY, "Cannot open the index of " + dir + ": " + e.getMessage(), e);
                }
                OPEN.put(key, s);
            }
            s.refs++;
            return s;
        }
    }

    void release(MailboxState s) {
        synchronized (OPEN) {
            if (--s.refs == 0) {
                OPEN.remove(s.dir, s);
                s.close();
            }
        }
    }

    /** Drops shared states under {@code root} (a deleted or renamed mailbox); their handles keep working on the old files. */
    void forget(Path root) {
        Path key = root.toAbsolutePath().normalize();
        synchronized (OPEN) {
            OPEN.keySet().removeIf(p -> p.startsWith(key));
        }
    }

    @Override
    public void close() {
        // states are closed when their last mailbox handle is
    }
}
