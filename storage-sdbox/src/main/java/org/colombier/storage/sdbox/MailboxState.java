package org.colombier.storage.sdbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.io.input.BoundedInputStream;
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
import org.colombier.api.storage.support.UidValidityCounter;

/**
 * One sdbox mailbox directory ({@code dbox-Mails/}) as this JVM sees it, shared by every session
 * that has it open. Dovecot's index and log are the truth for UIDs, flags, keywords, UIDVALIDITY
 * and modseqs: every change we make is a transaction appended to {@code dovecot.index.log} under
 * Dovecot's lock, and our in-memory state is only ever advanced by replaying that log, so our own
 * changes and Dovecot's are applied by the same code and get the same modseqs in every process.
 */
final class MailboxState implements AutoCloseable {
    static final String MAILS = "dbox-Mails";
    private static final AtomicLong TEMP_SEQ = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    final Path dir;
    private final Durability durability;
    private final TransactionLog log;
    private final MetaIndex meta;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong fileOpens;
    private IndexState state;
    int refs;

    private final Map<FlagKey, Flags> flagsCache = new HashMap<>();

    private record FlagKey(int flags, BitSet keywords) {
    }

    private record Listener(MailboxPath path, MailboxListener listener) {
    }

    MailboxState(Path dir, Durability durability, long lockTimeoutMillis, AtomicLong fileOpens) throws IOException {
        this.dir = dir;
        this.durability = durability;
        this.fileOpens = fileOpens;
        this.log = TransactionLog.open(dir, durability, lockTimeoutMillis);
        this.meta = new MetaIndex(dir);
        this.state = log.load();
    }

    /** Creates the log of a new (or log-less) mailbox directory; losing a race to another creator is fine. */
    static void initialize(Path dir, Path root, Durability durability) throws IOException {
        try {
            TransactionLog.create(dir, randomGuid(), UidValidityCounter.next(root, durability), durability);
        } catch (FileAlreadyExistsException raced) {
            // Dovecot or another session created it first
        }
    }

    AutoCloseable subscribe(MailboxPath path, MailboxListener l) {
        Listener entry = new Listener(path, l);
        listeners.add(entry);
        return () -> listeners.remove(entry);
    }

    /** Catches up with the log (other processes' changes); cheap when nothing changed. */
    synchronized void sync() throws StoreException {
        long before = state.modSeq;
        try {
            if (!log.refresh(state)) {
                state = log.load();
                flagsCache.clear();
            }
        } catch (IOException e) {
            throw io("read the index log", e);
        }
        if (state.modSeq != before) {
            notifyListeners();
        }
    }

    synchronized MailboxStatus status() throws StoreException {
        sync();
        long unseen = 0;
        long recent = 0;
        long size = 0;
        for (Map.Entry<Long, IndexState.Message> e : state.messages.entrySet()) {
            if ((e.getValue().flags & 0x08) == 0) {
                unseen++;
            }
            if (e.getKey() >= state.firstRecentUid) {
                recent++;
            }
            size += metaOf(e.getKey()).virtualSize();
        }
        return new MailboxStatus(state.uidValidity, state.nextUid, state.messages.size(), recent, unseen, state.modSeq,
                size, state.guidHex());
    }

    synchronized List<MessageInfo> messages(UidSet uids) throws StoreException {
        sync();
        List<MessageInfo> out = new ArrayList<>();
        for (long[] r : uids.ranges()) {
            for (Map.Entry<Long, IndexState.Message> e : state.messages.subMap(r[0], true, r[1], true).entrySet()) {
                out.add(info(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    synchronized InputStream openMessage(long uid) throws StoreException {
        sync();
        if (!state.messages.containsKey(uid)) {
            throw new StoreException(StoreError.EXPUNGED, "Message " + uid + " was expunged");
        }
        try {
            DboxFile.Parsed p = DboxFile.parse(file(uid));
            fileOpens.incrementAndGet();
            InputStream in = Files.newInputStream(file(uid));
            in.skipNBytes(p.bodyOffset());
            return BoundedInputStream.builder().setInputStream(in).setMaxCount(p.bodySize()).get();
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreError.EXPUNGED, "Message " + uid + " was expunged");
        } catch (IOException e) {
            throw io("read message " + uid, e);
        }
    }

    /** Appends with the next UID, or with {@code wantedUid} (migration) when it is not 0. */
    MessageInfo append(AppendRequest req, long wantedUid) throws StoreException {
        Instant received = req.internalDate() == null ? Instant.now() : req.internalDate();
        String guid = HexFormat.of().formatHex(randomGuid());
        long size = req.content().size();
        long vsize;
        Path tmp = dir.resolve(String.format(".temp.%d.P%dQ%dM%d.%s", System.currentTimeMillis() / 1000,
                ProcessHandle.current().pid(), TEMP_SEQ.incrementAndGet(), System.nanoTime() / 1000 % 1_000_000, "colombier"));
        try {
            vsize = DboxFile.write(tmp, req.content(), received, guid, durability);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw io("write the message", e);
        }
        try {
            synchronized (this) {
                long uid;
                lock();
                try {
                    if (wantedUid != 0 && wantedUid < state.nextUid) {
                        throw new StoreException(StoreError.NOT_POSSIBLE, "UID " + wantedUid + " is below UIDNEXT " + state.nextUid);
                    }
                    uid = wantedUid != 0 ? wantedUid : state.nextUid;
                    while (true) {
                        try {
                            Files.createLink(file(uid), tmp); // never replaces a u.<uid> left by someone else
                            break;
                        } catch (FileAlreadyExistsException stray) {
                            if (wantedUid != 0) {
                                throw new StoreException(StoreError.NOT_POSSIBLE, "A stray file u." + uid + " is in the way; run force-resync");
                            }
                            uid++; // Dovecot would rebuild here; we step over the stray file instead
                        }
                    }
                    durability.syncDirectory(dir);
                    Transaction tx = new Transaction(true).append(uid, indexFlags(req.flags()));
                    for (String k : req.flags().keywords()) {
                        tx.keyword(k, false, List.<long[]>of(new long[] {uid, uid}));
                    }
                    log.write(tx, state);
                } finally {
                    unlock();
                }
                meta.putMeta(uid, new MetaIndex.Meta(size, vsize, received, guid, null));
                notifyListeners();
                return info(uid, state.messages.get(uid));
            }
        } catch (IOException e) {
            throw io("append", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    synchronized FlagUpdateResult updateFlags(UidSet uids, FlagUpdate update, OptionalLong unchangedSince) throws StoreException {
        List<Long> touched = new ArrayList<>();
        UidSet.Builder modified = new UidSet.Builder();
        try {
            lock();
            try {
                Transaction tx = new Transaction(false);
                Map<String, List<long[]>> added = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                Map<String, List<long[]>> removed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (long[] r : uids.ranges()) {
                    for (Map.Entry<Long, IndexState.Message> e : state.messages.subMap(r[0], true, r[1], true).entrySet()) {
                        long uid = e.getKey();
                        IndexState.Message m = e.getValue();
                        if (unchangedSince.isPresent() && m.modSeq > unchangedSince.getAsLong()) {
                            modified.add(uid);
                            continue;
                        }
                        touched.add(uid);
                        Flags before = flags(m);
                        Flags after = before.apply(update);
                        int add = indexFlags(after) & ~m.flags & 0x1f;
                        int remove = m.flags & ~indexFlags(after) & 0x1f;
                        if (add != 0 || remove != 0) {
                            tx.flags(uid, uid, add, remove);
                        }
                        for (String k : after.keywords()) {
                            if (!before.hasKeyword(k)) {
                                added.computeIfAbsent(k, x -> new ArrayList<>()).add(new long[] {uid, uid});
                            }
                        }
                        for (String k : before.keywords()) {
                            if (!after.hasKeyword(k)) {
                                removed.computeIfAbsent(k, x -> new ArrayList<>()).add(new long[] {uid, uid});
                            }
                        }
                    }
                }
                added.forEach((k, ranges) -> tx.keyword(k, false, ranges));
                removed.forEach((k, ranges) -> tx.keyword(k, true, ranges));
                if (!tx.isEmpty()) {
                    log.write(tx, state);
                }
            } finally {
                unlock();
            }
        } catch (IOException e) {
            throw io("update flags", e);
        }
        List<MessageInfo> updated = new ArrayList<>();
        for (long uid : touched) {
            IndexState.Message m = state.messages.get(uid);
            if (m != null) {
                updated.add(info(uid, m));
            }
        }
        notifyListeners();
        return new FlagUpdateResult(updated, modified.build());
    }

    synchronized UidSet expunge(UidSet uids) throws StoreException {
        List<Long> gone = new ArrayList<>();
        try {
            lock();
            try {
                Transaction tx = new Transaction(true);
                for (long[] r : uids.ranges()) {
                    for (long uid : state.messages.subMap(r[0], true, r[1], true).keySet()) {
                        tx.expunge(uid, guid128(metaOf(uid).guid()));
                        gone.add(uid);
                    }
                }
                if (!gone.isEmpty()) {
                    log.write(tx, state);
                }
            } finally {
                unlock();
            }
            // as Dovecot: the index says expunged first, the files go after (a leftover file is harmless)
            for (long uid : gone) {
                Files.deleteIfExists(file(uid));
                meta.forget(uid);
            }
            if (!gone.isEmpty()) {
                durability.syncDirectory(dir);
            }
        } catch (IOException e) {
            throw io("expunge", e);
        }
        notifyListeners();
        return UidSet.of(gone);
    }

    synchronized Changes changesSince(long modSeq) throws StoreException {
        sync();
        List<MessageInfo> changed = new ArrayList<>();
        for (long uid : state.changedAfter(modSeq)) {
            changed.add(info(uid, state.messages.get(uid)));
        }
        UidSet.Builder expunged = new UidSet.Builder();
        if (modSeq < state.historyFloor) {
            // expunges before our history are not known one by one: report every UID that is gone
            long low = 1;
            for (long uid : state.messages.keySet()) {
                if (uid > low) {
                    expunged.addRange(low, uid - 1);
                }
                low = uid + 1;
            }
            if (low < state.nextUid) {
                expunged.addRange(low, state.nextUid - 1);
            }
        } else {
            state.expunged.tailMap(modSeq, false).values().forEach(uids -> uids.forEach(expunged::add));
        }
        return new Changes(state.uidValidity, state.modSeq, changed, expunged.build());
    }

    synchronized long claimRecent() throws StoreException {
        try {
            lock();
            try {
                long first = state.firstRecentUid;
                if (state.nextUid > first) {
                    log.write(new Transaction(false).header(48, state.nextUid), state);
                }
                return first;
            } finally {
                unlock();
            }
        } catch (IOException e) {
            throw io("claim recent messages", e);
        }
    }

    /** Migration: the source's UIDVALIDITY, and UIDNEXT raised to {@code uidNext}, as external header updates. */
    synchronized void adoptUidSpace(long uidValidity, long uidNext) throws StoreException {
        try {
            lock();
            try {
                Transaction tx = new Transaction(true).header(24, uidValidity);
                if (uidNext > state.nextUid) {
                    tx.header(28, uidNext);
                }
                log.write(tx, state);
            } finally {
                unlock();
            }
        } catch (IOException e) {
            throw io("set UIDVALIDITY", e);
        }
        notifyListeners();
    }

    synchronized byte[] cached(long uid, String field) throws StoreException {
        try {
            return state.messages.containsKey(uid) ? meta.cached(uid, field) : null;
        } catch (IOException e) {
            throw io("read the cache", e);
        }
    }

    synchronized void cache(long uid, String field, byte[] value) throws StoreException {
        try {
            if (state.messages.containsKey(uid)) {
                meta.cache(uid, field, value);
            }
        } catch (IOException e) {
            throw io("write the cache", e);
        }
    }

    /**
     * {@code doveadm force-resync}: rebuilds our view from Dovecot's index and log, forgets our
     * cached metadata (recomputed from the files on demand), expunges records whose file is gone, and adds every {@code u.<uid>} file the index does not list (as Dovecot's
     * rebuild does, with empty flags), keeping UIDVALIDITY, next UID and the mailbox GUID.
     */
    synchronized void forceResync() throws StoreException {
        try {
            lock();
            try {
                state = log.load();
                flagsCache.clear();
                meta.reset();
                TreeSet<Long> files = new TreeSet<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "u.*")) {
                    for (Path p : ds) {
                        String n = p.getFileName().toString().substring(2);
                        if (n.matches("[1-9][0-9]{0,9}")) {
                            files.add(Long.parseLong(n));
                        }
                    }
                }
                Transaction tx = new Transaction(true);
                long next = state.nextUid;
                for (long uid : files) {
                    if (!state.messages.containsKey(uid) && uid >= next) {
                        tx.append(uid, 0);
                        next = uid + 1;
                    }
                }
                for (long uid : List.copyOf(state.messages.keySet())) {
                    if (!files.contains(uid)) {
                        tx.expunge(uid, new byte[16]);
                    }
                }
                if (!tx.isEmpty()) {
                    log.write(tx, state);
                }
            } finally {
                unlock();
            }
        } catch (IOException e) {
            throw io("resync", e);
        }
        notifyListeners();
    }

    @Override
    public void close() {
        log.close();
        meta.close();
    }

    private void lock() throws IOException, StoreException {
        while (!log.lock(state)) {
            state = log.load(); // Dovecot reset its index meanwhile (a rebuild, a new log)
            flagsCache.clear();
        }
    }

    private void unlock() throws IOException {
        log.unlock();
    }

    private void notifyListeners() {
        for (Listener l : listeners) {
            l.listener().mailboxChanged(l.path(), state.modSeq);
        }
    }

    private MessageInfo info(long uid, IndexState.Message m) throws StoreException {
        MetaIndex.Meta mt = metaOf(uid);
        return new MessageInfo(uid, m.modSeq, mt.size(), mt.virtualSize(), mt.received(), flags(m), mt.guid(), mt.pop3Uidl());
    }

    /** The file's metadata, from our cache or, the first time (a message Dovecot delivered), from the file. */
    private MetaIndex.Meta metaOf(long uid) throws StoreException {
        MetaIndex.Meta m = meta.meta(uid);
        if (m != null) {
            return m;
        }
        try {
            fileOpens.incrementAndGet();
            DboxFile.Parsed p = DboxFile.parse(file(uid));
            long vsize = p.virtualSize();
            if (vsize < 0) {
                try (InputStream in = BoundedInputStream.builder().setInputStream(Files.newInputStream(file(uid)))
                        .setMaxCount(p.bodyOffset() + p.bodySize()).get()) {
                    in.skipNBytes(p.bodyOffset());
                    vsize = DboxFile.virtualSize(in);
                }
            }
            m = new MetaIndex.Meta(p.bodySize(), vsize, p.received(), p.guid(), p.pop3Uidl());
            meta.putMeta(uid, m);
            return m;
        } catch (NoSuchFileException e) {
            // listed by the index but the file is gone: Dovecot rebuilds on access; we show it empty
            return new MetaIndex.Meta(0, 0, Instant.EPOCH, null, null);
        } catch (IOException e) {
            throw io("read message " + uid, e);
        }
    }

    /** Flags are immutable and few distinct combinations exist: one instance each, not one per message. */
    private Flags flags(IndexState.Message m) {
        return flagsCache.computeIfAbsent(new FlagKey(m.flags & 0x1f, (BitSet) m.keywords.clone()), k -> newFlags(m));
    }

    private Flags newFlags(IndexState.Message m) {
        EnumSet<SystemFlag> s = EnumSet.noneOf(SystemFlag.class);
        for (SystemFlag f : SystemFlag.values()) {
            if ((m.flags & bit(f)) != 0) {
                s.add(f);
            }
        }
        Set<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        m.keywords.stream().forEach(i -> k.add(state.keywords.get(i)));
        return new Flags(s, k);
    }

    static int indexFlags(Flags f) {
        int v = 0;
        for (SystemFlag s : f.system()) {
            v |= bit(s);
        }
        return v;
    }

    /** Dovecot's mail flag bits ({@code mail-types.h}). */
    static int bit(SystemFlag f) {
        return switch (f) {
            case ANSWERED -> 0x01;
            case FLAGGED -> 0x02;
            case DELETED -> 0x04;
            case SEEN -> 0x08;
            case DRAFT -> 0x10;
        };
    }

    /** The 16-byte GUID of expunge records: the GUID itself if it is 32 hex digits, else the tail of its SHA-1. */
    static byte[] guid128(String guid) {
        if (guid != null && guid.matches("[0-9a-fA-F]{32}")) {
            return HexFormat.of().parseHex(guid);
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(guid == null ? new byte[0] : guid.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[16];
            System.arraycopy(sha, sha.length - 16, out, 0, 16);
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomGuid() {
        byte[] g = new byte[16];
        RANDOM.nextBytes(g);
        return g;
    }

    Path file(long uid) {
        return dir.resolve("u." + uid);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a .temp file is removed by Dovecot after 36 h anyway
        }
    }

    private StoreException io(String what, IOException e) {
        return new StoreException(StoreError.TEMPORARY, "Cannot " + what + " in " + dir + ": " + e.getMessage(), e);
    }
}
