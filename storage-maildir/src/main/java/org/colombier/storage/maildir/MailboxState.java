package org.colombier.storage.maildir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.Changes;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.FlagUpdateResult;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailboxListener;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.support.Durability;
import org.colombier.api.storage.support.MessageSizes;
import org.colombier.api.storage.support.UidValidityCounter;

/**
 * The one in-memory state of a Maildir mailbox in this JVM, shared by every session that has it
 * open. All work is serialized by one lock; changes are written to the Maildir first (durably),
 * then to {@code dovecot-uidlist} under its dotlock, then to the index, and listeners are told.
 *
 * <p>Other processes' changes are found by {@link #refresh()}: three stats ({@link Stamp}); only
 * when they differ are {@code new/} and {@code cur/} listed and compared with the index.
 */
final class MailboxState {
    /** Dovecot deletes {@code tmp/} files older than this (maildir-storage.h). */
    private static final long TMP_MAX_AGE_MILLIS = 36L * 3600 * 1000;
    private static final long UIDLIST_STALE_MILLIS = 120_000;
    private static final long UIDLIST_WAIT_MILLIS = 122_000;

    private final MaildirStore store;
    private final Path root;
    private final Path dir;
    private final MailboxPath path;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<MailboxListener> listeners = new CopyOnWriteArrayList<>();
    private final MailboxIndex index;
    /**
     * The uidlist's records, read only when needed (new files to number, a rewrite): its header
     * facts live in the index, so opening a big mailbox whose uidlist did not change parses nothing.
     */
    private UidList uidList;
    /** The uidlist that {@link #uidList} or the index's facts describe; NONE while they are unknown. */
    private Stamp uidListStamp = Stamp.NONE;
    private KeywordsFile keywords;
    private FileTime keywordsMtime;
    private int users;
    private boolean gone;

    private MailboxState(MaildirStore store, Path root, Path dir, MailboxPath path, MailboxIndex index) {
        this.store = store;
        this.root = root;
        this.dir = dir;
        this.path = path;
        this.index = index;
        if (index.mailboxGuid != null) {
            uidListStamp = index.stamp;
        }
        index.yieldWith(this::yieldIndex);
    }

    /** Opens the mailbox in {@code dir}, creating missing {@code cur/new/tmp} as Dovecot does. */
    static MailboxState open(MaildirStore store, Path root, Path dir, MailboxPath path) throws StoreException {
        if (!Files.isDirectory(dir)) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + path);
        }
        try {
            for (String sub : MaildirLayout.MAILDIR_DIRS) {
                Files.createDirectories(dir.resolve(sub));
            }
            cleanTmp(dir.resolve("tmp"));
            MailboxState state = new MailboxState(store, root, dir, path, MailboxIndex.open(dir, store.durability().sync()));
            state.lock.lock();
            try {
                state.refresh();
            } finally {
                state.lock.unlock();
            }
            return state;
        } catch (IOException e) {
            throw io("open", e);
        }
    }

    private static void cleanTmp(Path tmp) throws IOException {
        long limit = System.currentTimeMillis() - TMP_MAX_AGE_MILLIS;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile() && a.lastModifiedTime().toMillis() < limit) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    MailboxPath path() {
        return path;
    }

    Path dir() {
        return dir;
    }

    /** Counts a session using this state; false when it was closed meanwhile. */
    boolean retain() {
        lock.lock();
        try {
            if (gone) {
                return false;
            }
            users++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Drops a session; true when it was the last one: the store then keeps the state idle or closes it. */
    boolean release() {
        lock.lock();
        try {
            return --users == 0 && !gone;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether this state may stay in memory while no session uses it: only if it writes the index
     * (so no other process appends to it behind our back) and the file is still the one it wrote.
     * Changes other processes make to the Maildir are found by the next {@link #refresh()}, as for a
     * state in use.
     */
    boolean keepable() {
        lock.lock();
        try {
            return !gone && index.unchangedOnDisk();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the state if no session uses it; true when it did (or it was already closed). */
    boolean closeIfIdle() {
        lock.lock();
        try {
            if (users > 0) {
                return false;
            }
            if (!gone) {
                gone = true;
                index.close();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Another store of this JVM wants to write the index: an idle state closes (its store drops it
     * when it next looks); one in use, or busy right now, keeps it.
     */
    private boolean yieldIndex() {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            if (users > 0 || gone) {
                return false;
            }
            gone = true;
            index.close();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Messages known: what a kept state costs in memory. */
    int size() {
        lock.lock();
        try {
            return index.messages.size();
        } finally {
            lock.unlock();
        }
    }

    /** The mailbox was deleted or renamed: every later call on it fails with NOT_FOUND. */
    void invalidate() {
        lock.lock();
        try {
            if (!gone) {
                gone = true;
                index.close();
            }
        } finally {
            lock.unlock();
        }
    }

    AutoCloseable subscribe(MailboxListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ---------------------------------------------------------------- reading

    MailboxStatus status() throws StoreException {
        return locked(() -> new MailboxStatus(index.uidValidity, uidNext(), index.messages.size(),
                index.messages.tailMap(index.firstRecentUid, true).size(), index.unseen, index.highestModSeq,
                index.totalVirtualSize, uidList != null ? uidList.guid() : index.mailboxGuid));
    }

    private long uidNext() {
        return Math.max(index.uidListNextUid, index.highestUid + 1);
    }

    List<MessageInfo> messages(UidSet uids) throws StoreException {
        return locked(() -> {
            List<MessageInfo> out = new ArrayList<>();
            for (long[] r : uids.ranges()) {
                for (IndexedMessage m : index.messages.subMap(r[0], true, r[1], true).values()) {
                    out.add(m.info());
                }
            }
            return out;
        });
    }

    Changes changesSince(long modSeq) throws StoreException {
        return locked(() -> {
            List<MessageInfo> changed = new ArrayList<>();
            for (IndexedMessage m : index.changedSince(modSeq)) {
                changed.add(m.info());
            }
            UidSet expunged = UidSet.of(index.expungedSince(modSeq).values());
            return new Changes(index.uidValidity, index.highestModSeq, changed, expunged);
        });
    }

    InputStream openMessage(long uid) throws StoreException {
        for (int attempt = 0; attempt < 2; attempt++) {
            final boolean rescan = attempt > 0;
            IndexedMessage m = locked(() -> {
                if (rescan) {
                    sync(Stamp.read(dir), true, true);
                }
                return index.messages.get(uid);
            });
            if (m == null) {
                throw new StoreException(StoreError.EXPUNGED, "Message " + uid + " was expunged");
            }
            try {
                InputStream in = Files.newInputStream(dir.resolve(m.relativePath()));
                store.countMessageFileOpen();
                return in;
            } catch (NoSuchFileException e) {
                // renamed (flags changed) or expunged by another process: rescan once
            } catch (IOException e) {
                throw io("read message", e);
            }
        }
        throw new StoreException(StoreError.EXPUNGED, "Message " + uid + " was expunged");
    }

    Optional<byte[]> cached(long uid, String field) throws StoreException {
        return locked(() -> Optional.ofNullable(index.getCache(uid, field)));
    }

    /** Many messages' cached values under one lock and one {@link #refresh()}. */
    Map<Long, byte[]> cached(UidSet uids, String field) throws StoreException {
        return locked(() -> {
            Map<Long, byte[]> out = new HashMap<>();
            for (long[] r : uids.ranges()) {
                for (long uid : index.messages.subMap(r[0], true, r[1], true).keySet()) {
                    byte[] value = index.getCache(uid, field);
                    if (value != null) {
                        out.put(uid, value);
                    }
                }
            }
            return out;
        });
    }

    /** Many messages' values under one lock and one {@link #refresh()}; expunged ones are skipped. */
    void cache(String field, Map<Long, byte[]> values) throws StoreException {
        locked(() -> {
            for (Map.Entry<Long, byte[]> e : values.entrySet()) {
                if (index.messages.containsKey(e.getKey())) {
                    index.putCache(e.getKey(), field, e.getValue().clone());
                }
            }
            return null;
        });
    }

    void cache(long uid, String field, byte[] value) throws StoreException {
        locked(() -> {
            if (!index.messages.containsKey(uid)) {
                throw new StoreException(StoreError.EXPUNGED, "Message " + uid + " was expunged");
            }
            index.putCache(uid, field, value.clone());
            return null;
        });
    }

    long claimRecent() throws StoreException {
        return locked(() -> {
            long first = index.firstRecentUid;
            index.firstRecentUid = uidNext();
            index.flush(withUidList(Stamp.read(dir)));
            return first;
        });
    }

    // ---------------------------------------------------------------- writing

    /** Appends with the next UID, or with {@code wantedUid} (migration) when it is not 0. */
    MessageInfo append(AppendRequest request, long wantedUid) throws StoreException {
        String tmpName = store.host().newBaseName();
        Path tmp = dir.resolve("tmp").resolve(tmpName);
        long[] sizes;
        try {
            sizes = writeTmp(request, tmp);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(StoreError.TEMPORARY, "Temporary file name collision, retry", e);
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox was deleted: " + path, e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw io("write message", e);
        }
        long date = request.internalDate() == null ? System.currentTimeMillis() : request.internalDate().toEpochMilli();
        List<IndexedMessage> added = locked(() -> {
            try {
                Files.setLastModifiedTime(tmp, FileTime.fromMillis(date));
                return deliver(List.of(new Incoming(tmp, tmpName + ",S=" + sizes[0] + ",W=" + sizes[1], sizes[0], sizes[1],
                        date, request.flags(), false)), request.recent(), wantedUid);
            } catch (StoreException | IOException | RuntimeException e) {
                deleteQuietly(tmp);
                throw e;
            }
        });
        return added.get(0).info();
    }

    /** Writes the message into {@code tmp/} with O_EXCL, counting its physical and CRLF sizes, and syncs it. */
    private long[] writeTmp(AppendRequest request, Path tmp) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             InputStream in = request.content().open()) {
            MessageSizes sizes = MessageSizes.copy(in, Channels.newOutputStream(ch));
            store.durability().syncFile(ch);
            return new long[] {sizes.size(), sizes.virtualSize()};
        }
    }

    /**
     * A message file ready to enter this mailbox: a synced file in our {@code tmp/} to rename, or
     * a file of another mailbox to hard-link ({@code link}).
     */
    record Incoming(Path source, String base, long size, long virtualSize, long internalDateMillis, Flags flags,
                    boolean link) {
    }

    /**
     * Moves or links the files in, assigns their UIDs under the uidlist lock, and records them.
     * Called with the state lock held.
     */
    private List<IndexedMessage> deliver(List<Incoming> incoming, boolean recent, long wantedUid) throws StoreException, IOException {
        List<IndexedMessage> added = new ArrayList<>();
        boolean foreign;
        Stamp after;
        try (DotLock ignored = lockUidList()) {
            foreign = reloadUidListLocked();
            Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            incoming.forEach(i -> wanted.addAll(i.flags().keywords()));
            ensureKeywords(wanted);
            long uid = uidNext();
            if (wantedUid != 0) {
                if (wantedUid < uid) {
                    throw new StoreException(StoreError.NOT_POSSIBLE, "UID " + wantedUid + " is below UIDNEXT " + uid);
                }
                uid = wantedUid;
            }
            List<UidList.Entry> entries = new ArrayList<>();
            boolean toNew = false;
            boolean toCur = false;
            for (Incoming in : incoming) {
                String letters = keywords.letters(in.flags(), "");
                boolean cur = !letters.isEmpty();
                String fileName = cur ? new MaildirName(in.base(), letters, "").withInfo() : in.base();
                Path target = dir.resolve(cur ? "cur" : "new").resolve(fileName);
                if (!place(in, target)) {
                    continue;
                }
                toCur |= cur;
                toNew |= !cur;
                entries.add(new UidList.Entry(uid, "", in.base()));
                added.add(new IndexedMessage(uid, 0, cur, fileName, in.size(), in.virtualSize(), in.internalDateMillis(),
                        in.flags(), null, null));
                uid++;
            }
            syncDirectories(toNew, toCur);
            if (!entries.isEmpty()) {
                writeUidList(entries);
            }
            after = Stamp.read(dir); // under the lock: no other delivery can hide behind this stamp
        }
        List<IndexedMessage> stored = new ArrayList<>();
        for (IndexedMessage m : added) {
            IndexedMessage withModSeq = m.withFlags(m.flags(), index.nextModSeq());
            index.store(withModSeq);
            stored.add(withModSeq);
        }
        if (!recent && !stored.isEmpty() && index.firstRecentUid >= stored.get(0).uid()) {
            index.firstRecentUid = uidNext();
        }
        finish(foreign, after);
        return stored;
    }

    /** Puts one file in place; false when a file to link vanished (expunged meanwhile). */
    private boolean place(Incoming in, Path target) throws IOException {
        if (!in.link()) {
            Durability.rename(in.source(), target);
            return true;
        }
        Path source = in.source();
        for (int attempt = 0; attempt < 2 && source != null; attempt++) {
            try {
                Files.createLink(target, source);
                return true;
            } catch (NoSuchFileException e) {
                source = findByBase(source.getParent().getParent(), MaildirName.parse(source.getFileName().toString()).base());
            } catch (IOException | UnsupportedOperationException e) {
                return copyInto(source, in, target);
            }
        }
        return false;
    }

    /** Copies bytes when a hard link is impossible (another file system, no permission). */
    private boolean copyInto(Path source, Incoming in, Path target) throws IOException {
        Path tmp = dir.resolve("tmp").resolve(store.host().newBaseName());
        try (InputStream src = Files.newInputStream(source);
             FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            store.countMessageFileOpen();
            src.transferTo(Channels.newOutputStream(ch));
            store.durability().syncFile(ch);
        } catch (NoSuchFileException e) {
            deleteQuietly(tmp);
            return false;
        }
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(in.internalDateMillis()));
        Durability.rename(tmp, target);
        return true;
    }

    /** The current file of {@code base} in a Maildir (its flags may have changed its name), or null. */
    static Path findByBase(Path maildir, String base) throws IOException {
        for (String sub : List.of("cur", "new")) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(maildir.resolve(sub), base + "*")) {
                for (Path p : ds) {
                    if (MaildirName.parse(p.getFileName().toString()).base().equals(base)) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /** Copies messages of {@code source} into this mailbox, by hard link where possible; returns pairs of UIDs. */
    List<long[]> copyFrom(MailboxState source, UidSet uids) throws StoreException {
        List<IndexedMessage> originals = source.locked(() -> {
            List<IndexedMessage> out = new ArrayList<>();
            for (long[] r : uids.ranges()) {
                out.addAll(source.index.messages.subMap(r[0], true, r[1], true).values());
            }
            return out;
        });
        List<Incoming> incoming = new ArrayList<>();
        for (IndexedMessage m : originals) {
            String base = store.host().newBaseName() + ",S=" + m.size() + ",W=" + m.virtualSize();
            incoming.add(new Incoming(source.dir.resolve(m.relativePath()), base, m.size(), m.virtualSize(),
                    m.internalDateMillis(), m.flags(), true));
        }
        // copies are \Recent in the target (RFC 3501 6.4.7), like appends
        List<IndexedMessage> added = locked(() -> deliver(incoming, true, 0));
        List<long[]> pairs = new ArrayList<>();
        Map<String, Long> sourceUidByBase = new HashMap<>();
        for (int i = 0; i < incoming.size(); i++) {
            sourceUidByBase.put(incoming.get(i).base(), originals.get(i).uid());
        }
        for (IndexedMessage m : added) {
            pairs.add(new long[] {sourceUidByBase.get(m.base()), m.uid()});
        }
        return pairs;
    }

    FlagUpdateResult updateFlags(UidSet uids, FlagUpdate update, OptionalLong unchangedSince) throws StoreException {
        FlagUpdateResult result = locked(() -> {
            List<MessageInfo> updated = new ArrayList<>();
            UidSet.Builder modified = new UidSet.Builder();
            List<IndexedMessage> targets = new ArrayList<>();
            for (long[] r : uids.ranges()) {
                targets.addAll(index.messages.subMap(r[0], true, r[1], true).values());
            }
            Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            if (update.mode() != FlagUpdate.Mode.REMOVE) {
                wanted.addAll(update.flags().keywords());
            }
            if (!keywords.covers(wanted)) {
                try (DotLock ignored = lockUidList()) {
                    ensureKeywords(wanted);
                }
            }
            boolean changedAny = false;
            boolean fromNew = false;
            for (IndexedMessage target : targets) {
                IndexedMessage m = index.messages.get(target.uid());
                if (m == null) {
                    continue;
                }
                if (unchangedSince.isPresent() && m.modSeq() > unchangedSince.getAsLong()) {
                    modified.add(m.uid());
                    continue;
                }
                Flags newFlags = m.flags().apply(update);
                if (newFlags.equals(m.flags())) {
                    updated.add(m.info());
                    continue;
                }
                IndexedMessage renamed = renameForFlags(m, newFlags);
                if (renamed == null) {
                    continue; // expunged by another process meanwhile
                }
                fromNew |= !m.inCur();
                IndexedMessage done = renamed.withFlags(renamed.flags(), index.nextModSeq());
                index.store(done);
                updated.add(done.info());
                changedAny = true;
            }
            if (changedAny) {
                // the renames of the whole command made durable at once, then recorded in the index
                syncDirectories(fromNew, true);
                index.flush(withUidList(Stamp.read(dir)));
            }
            return new FlagUpdateResult(updated, modified.build());
        });
        return result;
    }

    /**
     * Renames the file so its info part carries {@code flags} (moving it to {@code cur/}); if
     * another process renamed it first, picks up its current name and flags, then retries.
     */
    private IndexedMessage renameForFlags(IndexedMessage m, Flags flags) throws IOException, StoreException {
        IndexedMessage current = m;
        for (int attempt = 0; attempt < 3; attempt++) {
            MaildirName name = MaildirName.parse(current.fileName());
            String unknown = keywords.unknownLetters(name.flags());
            String fileName = name.withFlags(keywords.letters(flags, unknown)).withInfo();
            try {
                Durability.rename(dir.resolve(current.relativePath()), dir.resolve("cur").resolve(fileName));
                // what the new name says, so the index never disagrees with the file
                Flags stored = flagsOf(fileName, flags.keywords());
                return current.withFile(true, fileName).withFlags(stored, current.modSeq());
            } catch (NoSuchFileException e) {
                sync(Stamp.read(dir), true, true);
                current = index.messages.get(m.uid());
                if (current == null) {
                    return null;
                }
                flags = mergeForeign(m.flags(), flags, current.flags());
            }
        }
        throw new StoreException(StoreError.TEMPORARY, "Message file keeps changing under us, retry");
    }

    /** Our change applied on top of what another process changed meanwhile: both are kept. */
    private static Flags mergeForeign(Flags before, Flags ours, Flags theirs) {
        Set<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        for (SystemFlag f : SystemFlag.values()) {
            boolean mine = ours.has(f) != before.has(f);
            if (mine ? ours.has(f) : theirs.has(f)) {
                system.add(f);
            }
        }
        Set<String> kw = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        kw.addAll(theirs.keywords());
        for (String k : before.keywords()) {
            if (!ours.hasKeyword(k)) {
                kw.remove(k);
            }
        }
        kw.addAll(ours.keywords());
        return new Flags(system, kw);
    }

    /**
     * Unlinks the files and syncs their directories once for the whole command. As in Dovecot the
     * uidlist keeps the expunged records (readers skip records without a file) until the live
     * ones are at most 75 % of them; only then is it rewritten, so an expunge does not copy a big
     * mailbox's uidlist, and the header's N keeps every UID from coming back.
     */
    UidSet expunge(UidSet uids) throws StoreException {
        UidSet result = locked(() -> {
            UidSet.Builder removed = new UidSet.Builder();
            Set<Long> removedUids = new HashSet<>();
            boolean fromNew = false;
            boolean fromCur = false;
            for (long[] r : uids.ranges()) {
                for (IndexedMessage m : new ArrayList<>(index.messages.subMap(r[0], true, r[1], true).values())) {
                    String from = deleteMessageFile(m);
                    removed.add(m.uid());
                    removedUids.add(m.uid());
                    fromNew |= "new".equals(from);
                    fromCur |= "cur".equals(from);
                }
            }
            if (removedUids.isEmpty()) {
                return removed.build();
            }
            syncDirectories(fromNew, fromCur);
            boolean foreign = false;
            Stamp after;
            if (uidListWantsCompression(index.messages.size() - removedUids.size())) {
                try (DotLock ignored = lockUidList()) {
                    foreign = reloadUidListLocked();
                    compressUidList(removedUids);
                    after = Stamp.read(dir);
                }
            } else {
                after = withUidList(Stamp.read(dir));
            }
            for (long uid : removedUids) {
                index.expunge(uid);
            }
            finish(foreign, after);
            return removed.build();
        });
        return result;
    }

    /** Dovecot's UIDLIST_COMPRESS_PERCENTAGE: rewrite once the live records are at most 75 % of those in the file. */
    private boolean uidListWantsCompression(long live) {
        return live * 100 <= index.uidListRecords * 75;
    }

    /**
     * Rewrites the uidlist without the records of {@code removed} and of messages known to be
     * gone; records with UIDs above what the index knows (another process's, not yet seen) stay.
     * Called with the uidlist lock held.
     */
    private void compressUidList(Set<Long> removed) throws IOException, StoreException {
        long next = uidNext();
        UidList kept = loadedUidList().retain(e -> !removed.contains(e.uid())
                && (index.messages.containsKey(e.uid()) || e.uid() > index.highestUid));
        adoptUidList(kept.withNextUid(next).writeAtomic(dir.resolve(UidList.FILE), store.durability()), Stamp.read(dir));
    }

    /**
     * Unlinks a message file; one renamed by another process meanwhile is found and unlinked too.
     * Returns the directory it was removed from ({@code "new"} or {@code "cur"}), or null.
     */
    private String deleteMessageFile(IndexedMessage m) throws IOException {
        Path file = dir.resolve(m.relativePath());
        if (!Files.deleteIfExists(file)) {
            file = findByBase(dir, m.base());
            if (file == null || !Files.deleteIfExists(file)) {
                return null;
            }
        }
        return file.getParent().getFileName().toString();
    }

    // ---------------------------------------------------------------- syncing with the disk

    /** Brings the index up to date with the Maildir if the cheap stamp says anyone changed it. */
    private void refresh() throws IOException, StoreException {
        Stamp now;
        try {
            now = Stamp.read(dir);
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox was deleted: " + path, e);
        }
        Stamp last = index.stamp;
        boolean racyNew = last.newRacyAt(index.stampRecordedAt);
        boolean racyCur = last.curRacyAt(index.stampRecordedAt);
        boolean recheck = System.currentTimeMillis() - index.stampRecordedAt >= 1000;
        boolean newChanged = now.newMtime() != last.newMtime();
        boolean curChanged = now.curMtime() != last.curMtime();
        boolean keywordsChanged = !Objects.equals(keywordsMtime(), keywordsMtime);
        // another writer changed the uidlist: it gave UIDs to files we have not listed yet, which a
        // directory mtime within the same clock tick as our stamp would not reveal
        boolean othersWrote = !now.sameUidList(last) || !uidListKnown();
        if (newChanged || curChanged || recheck && (racyNew || racyCur) || keywordsChanged || othersWrote) {
            // a directory not yet rechecked after a racy stamp is listed too, or the new stamp would hide it
            sync(now, newChanged || racyNew || keywordsChanged || othersWrote,
                    curChanged || racyCur || keywordsChanged || othersWrote);
        }
    }

    /**
     * Compares the Maildir with the index: vanished files are expunged, renamed files change
     * flags, files the index lacks get the UID the uidlist gives them or, under the lock, a new one.
     * The directories' stamp recorded is {@code before}, read ahead of the scan, so a change made
     * while we scan shows up as a difference next time.
     */
    private void sync(Stamp before, boolean scanNew, boolean scanCur) throws IOException, StoreException {
        reloadUidList();
        if (uidList != null && uidList.uidValidity() != index.uidValidity) {
            index.reset(uidList.uidValidity());
            scanNew = true;
            scanCur = true;
        }
        if (scanNew || scanCur) {
            boolean keywordsChanged = reloadKeywords();
            Map<String, String> names = list(scanNew, scanCur);
            List<IndexedMessage> candidates = new ArrayList<>();
            for (IndexedMessage m : index.messages.values()) {
                // a file still under the name the index knows needs no parsing (the common case of a recheck)
                if (keywordsChanged || !names.remove(m.fileName(), m.inCur() ? "cur" : "new")) {
                    candidates.add(m);
                }
            }
            Map<String, String[]> files = byBase(names);
            List<String[]> unknown = new ArrayList<>();
            Map<String, String[]> second = null;
            for (IndexedMessage m : candidates) {
                if (!(m.inCur() ? scanCur : scanNew)) {
                    continue; // its directory did not change (a move new/ -> cur/ changes both)
                }
                String[] f = files.remove(m.base());
                if (f == null) {
                    // a readdir racing a rename may miss the file: look again before calling it expunged
                    second = second == null ? byBase(list(scanNew, scanCur)) : second;
                    f = second.get(m.base());
                }
                if (f == null) {
                    index.expunge(m.uid());
                } else if (keywordsChanged || !f[1].equals(m.fileName()) || f[0].equals("cur") != m.inCur()) {
                    Flags flags = flagsOf(f[1], m.flags().keywords());
                    IndexedMessage moved = m.withFile(f[0].equals("cur"), f[1]);
                    index.store(flags.equals(m.flags()) ? moved : moved.withFlags(flags, index.nextModSeq()));
                }
            }
            for (String[] f : files.values()) {
                String base = MaildirName.parse(f[1]).base();
                UidList.Entry e = loadedUidList().byBase(base);
                IndexedMessage known = e == null ? null : index.messages.get(e.uid());
                if (known != null && known.base().equals(base)) {
                    continue; // a second file of a message the index has under its other name: the first stays
                }
                if (e == null || index.expungedUids.contains(e.uid()) || index.messages.containsKey(e.uid())) {
                    unknown.add(f);
                } else {
                    storeIfPresent(fromDisk(e, f));
                }
            }
            if (!unknown.isEmpty()) {
                assignUids(unknown);
            }
        }
        index.flush(withUidList(before));
    }

    /**
     * The file names in {@code new/} and/or {@code cur/}, each with its directory; {@code cur/} wins
     * a duplicate. Plain {@code File.list}: one String per entry, no Path objects, for 100,000 files.
     */
    private Map<String, String> list(boolean scanNew, boolean scanCur) throws IOException {
        Map<String, String> names = new HashMap<>();
        List<String> dirs = scanNew && scanCur ? List.of("new", "cur") : List.of(scanNew ? "new" : "cur");
        for (String sub : dirs) {
            Path d = dir.resolve(sub);
            String[] entries = d.toFile().list();
            if (entries == null) {
                if (!Files.isDirectory(d)) {
                    throw new NoSuchFileException(d.toString());
                }
                throw new IOException("cannot list " + d);
            }
            for (String name : entries) {
                if (name.startsWith(".") || name.startsWith(":") || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                    continue;
                }
                names.put(name, sub);
            }
        }
        return names;
    }

    /** Listed files by base name: {dir, file name}; {@code cur/} wins a duplicate. */
    private static Map<String, String[]> byBase(Map<String, String> names) {
        Map<String, String[]> files = new HashMap<>();
        for (Map.Entry<String, String> n : names.entrySet()) {
            files.merge(MaildirName.parse(n.getKey()).base(), new String[] {n.getValue(), n.getKey()},
                    (a, b) -> a[0].equals("cur") ? a : b);
        }
        return files;
    }

    /**
     * Gives UIDs to files no uidlist record names, in Dovecot's file name order. Files are examined
     * (stat, and a read for names without W=) before the uidlist lock is taken, so the lock is held
     * only to number them and write the records, far below Dovecot's 120 s stale limit.
     */
    private void assignUids(List<String[]> unknown) throws IOException, StoreException {
        unknown.sort((a, b) -> MaildirName.compareForUids(MaildirName.parse(a[1]).base(), MaildirName.parse(b[1]).base()));
        List<IndexedMessage> examined = new ArrayList<>();
        for (String[] f : unknown) {
            IndexedMessage m = fromDisk(new UidList.Entry(0, "", MaildirName.parse(f[1]).base()), f);
            if (m != null) {
                examined.add(m);
            }
        }
        try (DotLock ignored = lockUidList()) {
            reloadUidListLocked();
            long uid = uidNext();
            List<UidList.Entry> entries = new ArrayList<>();
            for (IndexedMessage m : examined) {
                UidList.Entry e = loadedUidList().byBase(m.base());
                if (e != null && !index.expungedUids.contains(e.uid()) && !index.messages.containsKey(e.uid())) {
                    // numbered by another process meanwhile: take its UID and what its record says
                    storeIfPresent(fromDisk(e, new String[] {m.inCur() ? "cur" : "new", m.fileName()}));
                    continue;
                }
                UidList.Entry assigned = new UidList.Entry(uid++, "", m.base());
                entries.add(assigned);
                index.store(m.withUid(assigned.uid()));
            }
            if (!entries.isEmpty()) {
                writeUidList(entries);
            }
        }
    }

    /** The flags a file name stands for, plus those of {@code keywords} that have no letter (index-only, as in Dovecot). */
    private Flags flagsOf(String fileName, Set<String> keywordsWanted) {
        return keywords.flags(MaildirName.parse(fileName).flags()).withKeywords(keywords.withoutLetter(keywordsWanted));
    }

    private void storeIfPresent(IndexedMessage m) {
        if (m != null) {
            index.store(m);
        }
    }

    /** A message found on disk: sizes from its name (or the uidlist, or the file), date from its mtime. */
    private IndexedMessage fromDisk(UidList.Entry e, String[] f) throws IOException {
        Path file = dir.resolve(f[0]).resolve(f[1]);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            return null;
        }
        MaildirName name = MaildirName.parse(f[1]);
        long size = name.size() >= 0 ? name.size() : parseOr(e.ext('S'), attrs.size());
        long vsize = name.virtualSize() >= 0 ? name.virtualSize() : parseOr(e.ext('W'), -1);
        if (vsize < 0) {
            vsize = virtualSizeOf(file);
        }
        return new IndexedMessage(e.uid(), index.nextModSeq(), f[0].equals("cur"), f[1], size, vsize,
                attrs.lastModifiedTime().toMillis(), keywords.flags(name.flags()), e.ext('G'), e.ext('P'));
    }

    private long virtualSizeOf(Path file) throws IOException {
        store.countMessageFileOpen();
        long n = 0;
        int prev = -1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            int c;
            while ((c = in.read()) >= 0) {
                n += c == '\n' && prev != '\r' ? 2 : 1;
                prev = c;
            }
        }
        return n;
    }

    private static long parseOr(String s, long fallback) {
        try {
            return s == null ? fallback : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Re-reads the uidlist when its stamp changed; a missing one is recreated (from the index if it
     * knows UIDs). An unchanged one is not read: the index holds its facts.
     */
    private void reloadUidList() throws IOException, StoreException {
        Stamp now = Stamp.read(dir);
        if (uidListKnown() && now.sameUidList(uidListStamp)) {
            return;
        }
        UidList read = UidList.read(dir.resolve(UidList.FILE));
        if (read == null) {
            try (DotLock ignored = lockUidList()) {
                reloadUidListLocked();
            }
            return;
        }
        adoptUidList(read, now);
    }

    /**
     * As {@link #reloadUidList()}, with the lock held, so a missing file can be created. True when
     * another process changed the uidlist since we last read it: it added messages we must scan for.
     */
    private boolean reloadUidListLocked() throws IOException {
        Stamp now = Stamp.read(dir);
        if (uidListKnown() && now.sameUidList(uidListStamp)) {
            return false;
        }
        boolean foreign = uidListKnown();
        UidList read = UidList.read(dir.resolve(UidList.FILE));
        if (read == null) {
            read = recreateUidList().writeAtomic(dir.resolve(UidList.FILE), store.durability());
            now = Stamp.read(dir);
        }
        adoptUidList(read, now);
        return foreign;
    }

    /** The uidlist's records, read now if only its facts were known. */
    private UidList loadedUidList() throws IOException, StoreException {
        if (uidList == null) {
            Stamp now = Stamp.read(dir);
            UidList read = UidList.read(dir.resolve(UidList.FILE));
            if (read == null) {
                try (DotLock ignored = lockUidList()) {
                    uidListStamp = Stamp.NONE;
                    reloadUidListLocked();
                }
            } else {
                adoptUidList(read, now);
            }
        }
        return uidList;
    }

    private boolean uidListKnown() {
        return !uidListStamp.equals(Stamp.NONE);
    }

    /** Takes {@code list}, read or written at {@code stamp}, and notes its facts in the index. */
    private void adoptUidList(UidList list, Stamp stamp) {
        uidList = list;
        uidListStamp = stamp;
        index.uidListNextUid = list.nextUid();
        index.uidListRecords = list.entries().size();
        // a file that must be rewritten is read again at the next open, so its facts are not kept
        index.mailboxGuid = list.needsRewrite() ? null : list.guid();
    }

    /** {@code dirs}'s directory mtimes with the uidlist stamp the index's facts describe. */
    private Stamp withUidList(Stamp dirs) {
        return new Stamp(dirs.newMtime(), dirs.curMtime(), uidListStamp.uidListKey(), uidListStamp.uidListSize(),
                uidListStamp.uidListMtime());
    }

    /** Makes renames, links and unlinks in {@code new/} and/or {@code cur/} durable: one sync per directory and command. */
    private void syncDirectories(boolean newDir, boolean curDir) throws IOException {
        if (curDir) {
            store.syncDirectory(dir.resolve("cur"));
        }
        if (newDir) {
            store.syncDirectory(dir.resolve("new"));
        }
    }

    /**
     * Records our change with the stamp read under the uidlist lock; if another process was seen
     * working meanwhile, rescans first, since its change may hide behind that stamp.
     */
    private void finish(boolean foreign, Stamp after) throws IOException, StoreException {
        if (foreign) {
            sync(Stamp.read(dir), true, true);
        } else {
            index.flush(after);
        }
    }

    private UidList recreateUidList() throws IOException {
        if (index.uidValidity != 0 && !index.messages.isEmpty()) {
            List<UidList.Entry> entries = new ArrayList<>();
            for (IndexedMessage m : index.messages.values()) {
                entries.add(new UidList.Entry(m.uid(), "", m.base()));
            }
            return UidList.empty(index.uidValidity, Guids.random()).append(entries).withNextUid(index.highestUid + 1);
        }
        return UidList.empty(UidValidityCounter.next(root, store.durability()), Guids.random());
    }

    /**
     * Adds records for newly assigned UIDs: appended in place (without reading the records when
     * only the facts are known), or the file is rewritten when it must be. Called with the lock held.
     */
    private void writeUidList(List<UidList.Entry> entries) throws IOException, StoreException {
        Path file = dir.resolve(UidList.FILE);
        if (uidList == null && index.mailboxGuid != null) {
            UidList.appendToFile(file, entries, store.durability());
            index.uidListNextUid = Math.max(index.uidListNextUid, entries.get(entries.size() - 1).uid() + 1);
            index.uidListRecords += entries.size();
            uidListStamp = Stamp.read(dir);
            return;
        }
        UidList list = loadedUidList();
        if (list.needsRewrite()) {
            list = list.withNextUid(list.nextUid()).append(entries).writeAtomic(file, store.durability());
        } else {
            UidList.appendToFile(file, entries, store.durability());
            list.append(entries);
        }
        adoptUidList(list, Stamp.read(dir));
    }

    private void ensureKeywords(Set<String> wanted) throws IOException, StoreException {
        reloadKeywords();
        if (!keywords.covers(wanted)) {
            keywords = keywords.withAdded(dir, wanted, store.host(), store.durability());
            keywordsMtime = Files.getLastModifiedTime(dir.resolve(KeywordsFile.FILE));
        }
    }

    /** Re-reads {@code dovecot-keywords} if its mtime changed; true when it did. */
    private boolean reloadKeywords() throws IOException {
        FileTime mtime = keywordsMtime();
        if (keywords != null && Objects.equals(mtime, keywordsMtime)) {
            return false;
        }
        keywords = KeywordsFile.read(dir);
        keywordsMtime = mtime;
        return true;
    }

    private FileTime keywordsMtime() throws IOException {
        try {
            return Files.getLastModifiedTime(dir.resolve(KeywordsFile.FILE));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private DotLock lockUidList() throws StoreException {
        return DotLock.acquire(dir.resolve(UidList.FILE), store.host(), UIDLIST_STALE_MILLIS, UIDLIST_WAIT_MILLIS);
    }

    /**
     * Migration: rewrites the uidlist with the source's UIDVALIDITY and UIDNEXT (never lowered);
     * the next sync sees the new UIDVALIDITY and re-reads the Maildir, as Dovecot would.
     */
    void adoptUidSpace(long uidValidity, long uidNext) throws StoreException {
        locked(() -> {
            try (DotLock ignored = lockUidList()) {
                reloadUidListLocked();
                adoptUidList(loadedUidList().withUidValidity(uidValidity).withNextUid(uidNext)
                        .writeAtomic(dir.resolve(UidList.FILE), store.durability()), Stamp.read(dir));
            }
            sync(Stamp.read(dir), true, true);
            return null;
        });
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException, StoreException;
    }

    /** Runs {@code work} under the lock after a refresh; listeners hear of any change once the lock is released. */
    <T> T locked(Work<T> work) throws StoreException {
        long modSeqBefore;
        lock.lock();
        modSeqBefore = index.highestModSeq;
        try {
            ensureOpen();
            if (keywords == null) {
                reloadKeywords();
            }
            refresh();
            return work.run();
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox was deleted: " + path, e);
        } catch (IOException e) {
            throw io("access", e);
        } finally {
            boolean changed = index.highestModSeq != modSeqBefore;
            lock.unlock();
            if (changed) {
                notifyListeners();
            }
        }
    }

    private void ensureOpen() throws StoreException {
        if (gone) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox was deleted or renamed: " + path);
        }
    }

    private void notifyListeners() {
        long modSeq = index.highestModSeq;
        for (MailboxListener l : listeners) {
            l.mailboxChanged(path, modSeq);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover in tmp/ is removed by the 36-hour cleanup
        }
    }

    private static StoreException io(String what, IOException e) {
        return new StoreException(StoreError.TEMPORARY, "Cannot " + what + ": " + e.getMessage(), e);
    }

}
