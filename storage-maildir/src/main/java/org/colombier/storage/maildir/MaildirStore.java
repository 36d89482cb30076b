package org.colombier.storage.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.Durability;

/**
 * The Maildir driver opened with its settings ({@code mail_fsync}, option {@code layout} =
 * {@code maildir++} or {@code fs}). It owns the one shared {@link MailboxState} per open mailbox
 * directory, so every session of this JVM sees the same UIDs, flags and modseqs.
 *
 * <p>A state whose last session closed stays in memory a while (options {@code idle_mailboxes},
 * default 16, least recently used first out; {@code idle_messages}, default 250,000 messages in all,
 * about 0.6 KB each with three cached values; {@code idle_seconds}, default 300), so the next
 * SELECT of a big mailbox needs neither a re-read of its index nor a sync: it re-checks the
 * Maildir's stamp, as every call does, and sees what other processes changed meanwhile.
 */
public final class MaildirStore implements MailStore {
    private final Durability durability;
    private final MaildirLayout layout;
    private final Host host;
    /** States in use and states kept idle, by mailbox directory. */
    private final Map<Path, MailboxState> open = new ConcurrentHashMap<>();
    /** The idle states, least recently used first; guarded by itself. */
    private final LinkedHashMap<MailboxState, Idle> idle = new LinkedHashMap<>();
    private final int idleMailboxes;
    private final long idleMessages;
    private final long idleNanos;
    /** Closes states idle past {@link #idleNanos} when no call comes to do it; started with the first idle state. */
    private ScheduledExecutorService expiry;
    /** One monitor per mailbox directory, so opening a large mailbox holds up no other. */
    private final Map<Path, Object> openLocks = new ConcurrentHashMap<>();
    private final AtomicLong messageFileOpens = new AtomicLong();
    private final AtomicLong directorySyncs = new AtomicLong();
    private final AtomicLong mailboxLoads = new AtomicLong();

    MaildirStore(MailStoreSettings settings) throws StoreException {
        this.durability = Durability.of(settings.fsync());
        this.layout = MaildirLayout.of(settings.option("layout", "maildir++"));
        this.host = Host.current();
        this.idleMailboxes = intOption(settings, "idle_mailboxes", 16);
        this.idleMessages = intOption(settings, "idle_messages", 250_000);
        this.idleNanos = TimeUnit.SECONDS.toNanos(intOption(settings, "idle_seconds", 300));
    }

    private static int intOption(MailStoreSettings settings, String name, int defaultValue) throws StoreException {
        String value = settings.option(name, String.valueOf(defaultValue));
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StoreException(StoreError.NOT_POSSIBLE, "maildir option " + name + " must be a number >= 0: " + value);
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

    /**
     * The shared state of the mailbox in {@code dir}: the one in use or kept idle, else opened; the
     * caller releases it. A kept state is taken only while its index file is still as it left it.
     */
    MailboxState acquire(Path root, Path dir, MailboxPath path) throws StoreException {
        closeExpired();
        synchronized (openLocks.computeIfAbsent(dir, d -> new Object())) {
            MailboxState state = open.get(dir);
            if (state != null && state.retain()) {
                boolean wasIdle;
                synchronized (idle) {
                    wasIdle = idle.remove(state) != null;
                }
                if (!wasIdle || state.keepable()) {
                    return state;
                }
                state.release();
                drop(state);
            }
            state = MailboxState.open(this, root, dir, path);
            mailboxLoads.incrementAndGet();
            state.retain();
            open.put(dir, state);
            return state;
        }
    }

    /** Whether a session of this process uses the mailbox in {@code dir}; an idle state of it is closed. */
    boolean inUse(Path dir) {
        MailboxState state = open.get(dir);
        if (state == null) {
            return false;
        }
        synchronized (idle) {
            idle.remove(state);
        }
        return !drop(state);
    }

    /** The last session of {@code state} may have gone: the state is kept idle if it may be, else closed. */
    void release(MailboxState state) {
        if (!state.release()) {
            return;
        }
        List<MailboxState> out = new ArrayList<>();
        if (idleMailboxes > 0 && state.keepable()) {
            Idle kept = new Idle(System.nanoTime(), state.size());
            synchronized (idle) {
                idle.remove(state);
                idle.put(state, kept);
                long messages = 0;
                for (Idle i : idle.values()) {
                    messages += i.messages();
                }
                Iterator<Map.Entry<MailboxState, Idle>> eldest = idle.entrySet().iterator();
                while (idle.size() > idleMailboxes || messages > idleMessages) {
                    Map.Entry<MailboxState, Idle> e = eldest.next();
                    messages -= e.getValue().messages();
                    eldest.remove();
                    out.add(e.getKey());
                }
                if (expiry == null && !out.contains(state)) {
                    expiry = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "maildir-idle-expiry");
                        t.setDaemon(true);
                        return t;
                    });
                    long period = Math.max(TimeUnit.SECONDS.toNanos(1), idleNanos / 4);
                    expiry.scheduleWithFixedDelay(this::closeExpired, period, period, TimeUnit.NANOSECONDS);
                }
            }
        } else {
            out.add(state);
        }
        out.forEach(this::drop);
    }

    /** Closes the idle states kept longer than {@code idle_seconds}. */
    void closeExpired() {
        List<MailboxState> out = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (idle) {
            for (Iterator<Map.Entry<MailboxState, Idle>> it = idle.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<MailboxState, Idle> e = it.next();
                if (now - e.getValue().sinceNanos() < idleNanos) {
                    break; // the rest became idle later
                }
                it.remove();
                out.add(e.getKey());
            }
        }
        out.forEach(this::drop);
    }

    /** Closes {@code state} unless a session took it meanwhile; true when it is closed. */
    private boolean drop(MailboxState state) {
        if (!state.closeIfIdle()) {
            return false;
        }
        open.remove(state.dir(), state);
        return true;
    }

    /** When a state became idle, and its size then. */
    private record Idle(long sinceNanos, int messages) {
    }

    /** How many times a mailbox's state was loaded from its index file, not taken in use or idle (tests, monitoring). */
    long mailboxLoads() {
        return mailboxLoads.get();
    }

    /** How many states are kept idle (for tests and monitoring). */
    int idleMailboxes() {
        synchronized (idle) {
            return idle.size();
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
                synchronized (idle) {
                    idle.remove(e.getValue());
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            idle.clear();
            if (expiry != null) {
                expiry.shutdownNow();
                expiry = null;
            }
        }
        for (MailboxState state : open.values()) {
            state.invalidate();
        }
        open.clear();
    }
}
