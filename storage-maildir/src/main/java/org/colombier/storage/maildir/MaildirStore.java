package org.colombier.storage.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.Durability;

/**
 * The Maildir driver opened with its settings ({@code mail_fsync}, option {@code layout} =
 * {@code maildir++} or {@code fs}). It owns the one shared {@link MailboxState} per open mailbox
 * directory, so every session of this JVM sees the same UIDs, flags and modseqs.
 */
public final class MaildirStore implements MailStore {
    private final Durability durability;
    private final MaildirLayout layout;
    private final Host host;
    private final Map<Path, MailboxState> open = new ConcurrentHashMap<>();
    /** One monitor per mailbox directory, so opening a large mailbox holds up no other. */
    private final Map<Path, Object> openLocks = new ConcurrentHashMap<>();
    private final AtomicLong messageFileOpens = new AtomicLong();
    private final AtomicLong directorySyncs = new AtomicLong();

    MaildirStore(MailStoreSettings settings) throws StoreException {
        this.durability = Durability.of(settings.fsync());
        this.layout = MaildirLayout.of(settings.option("layout", "maildir++"));
        this.host = Host.current();
    }

    @Override
    public UserMailboxes forUser(MailUser user) throws StoreException {
        Path mailPath = user.mailPath() != null ? user.mailPath() : user.home().resolve("Maildir");
        return new MaildirUser(this, mailPath.toAbsolutePath().normalize(), layout);
    }

    Durability durability() {
        return durability;
    }

    Host host() {
        return host;
    }

    /**
     * How many times a message file was opened: metadata reads and change tracking must never
     * open one, and tests and monitoring check that here.
     */
    public long messageFileOpens() {
        return messageFileOpens.get();
    }

    void countMessageFileOpen() {
        messageFileOpens.incrementAndGet();
    }

    /**
     * How many times a mailbox's {@code new/} or {@code cur/} was synced: once per directory a
     * command changed, whatever the number of messages (tests and monitoring check that here).
     */
    public long directorySyncs() {
        return directorySyncs.get();
    }

    /** Syncs a Maildir directory after renames, links or unlinks in it, counting it. */
    void syncDirectory(Path dir) throws IOException {
        directorySyncs.incrementAndGet();
        durability.syncDirectory(dir);
    }

    /** The shared state of the mailbox in {@code dir}, opened if needed; the caller releases it. */
    MailboxState acquire(Path root, Path dir, MailboxPath path) throws StoreException {
        synchronized (openLocks.computeIfAbsent(dir, d -> new Object())) {
            MailboxState state = open.get(dir);
            if (state != null && state.retain()) {
                return state;
            }
            state = MailboxState.open(this, root, dir, path);
            state.retain();
            open.put(dir, state);
            return state;
        }
    }

    /** This process has the mailbox in {@code dir} open. */
    boolean isOpen(Path dir) {
        return open.containsKey(dir);
    }

    void release(MailboxState state) {
        if (state.release()) {
            open.remove(state.dir(), state);
        }
    }

    /**
     * Makes the open state of {@code dir} unusable (deleted or renamed away) and, with
     * {@code withChildren}, those of the mailboxes below it: nested directories with the fs
     * layout, {@code <dir>.*} siblings with Maildir++.
     */
    void invalidate(Path dir, boolean withChildren) {
        for (Map.Entry<Path, MailboxState> e : open.entrySet()) {
            Path p = e.getKey();
            boolean hit = p.equals(dir) || withChildren && (p.startsWith(dir) || p.getParent() != null
                    && p.getParent().equals(dir.getParent()) && p.getFileName().toString().startsWith(dir.getFileName() + "."));
            if (hit && open.remove(p, e.getValue())) {
                e.getValue().invalidate();
            }
        }
    }

    @Override
    public void close() {
        for (MailboxState state : open.values()) {
            state.invalidate();
        }
        open.clear();
    }
}
