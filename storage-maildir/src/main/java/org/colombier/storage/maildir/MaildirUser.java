package org.colombier.storage.maildir;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.colombier.api.storage.MailboxAttribute;
import org.colombier.api.storage.MailboxEntry;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.ModifiedUtf7;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.Durability;
import org.colombier.api.storage.support.SubscriptionsFile;
import org.colombier.api.storage.support.UidValidityCounter;

/** One user's Maildir: INBOX at the mail root, other mailboxes placed by the {@link MaildirLayout}. */
final class MaildirUser implements UserMailboxes {
    /** Dovecot's marker in every non-root Maildir++ mailbox. */
    static final String MAILDIRFOLDER = "maildirfolder";

    private final MaildirStore store;
    private final Path root;
    private final MaildirLayout layout;

    MaildirUser(MaildirStore store, Path root, MaildirLayout layout) throws StoreException {
        this.store = store;
        this.root = root;
        this.layout = layout;
        try {
            for (String sub : MaildirLayout.MAILDIR_DIRS) {
                Files.createDirectories(root.resolve(sub));
            }
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot create the mail root " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<MailboxEntry> list() throws StoreException {
        Map<MailboxPath, Boolean> found = scan();
        TreeMap<MailboxPath, Boolean> all = new TreeMap<>(found);
        all.put(MailboxPath.INBOX, true);
        for (MailboxPath p : found.keySet()) {
            for (MailboxPath parent = p.parent(); parent != null; parent = parent.parent()) {
                all.putIfAbsent(parent, false);
            }
        }
        List<MailboxEntry> out = new ArrayList<>();
        for (Map.Entry<MailboxPath, Boolean> e : all.entrySet()) {
            Set<MailboxAttribute> attrs = EnumSet.noneOf(MailboxAttribute.class);
            if (!e.getValue()) {
                attrs.add(MailboxAttribute.NOSELECT);
            }
            MailboxPath higher = all.higherKey(e.getKey());
            attrs.add(higher != null && higher.isWithin(e.getKey()) ? MailboxAttribute.HAS_CHILDREN : MailboxAttribute.HAS_NO_CHILDREN);
            out.add(new MailboxEntry(e.getKey(), attrs));
        }
        return out;
    }

    private Map<MailboxPath, Boolean> scan() throws StoreException {
        try {
            return layout.scan(root);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot list mailboxes: " + e.getMessage(), e);
        }
    }

    private Path dirOf(MailboxPath path) throws StoreException {
        return layout.directory(root, path);
    }

    private boolean selectable(MailboxPath path) throws StoreException {
        Path dir = dirOf(path);
        return path.isInbox() || (layout == MaildirLayout.FS ? Files.isDirectory(dir.resolve("cur")) : Files.isDirectory(dir));
    }

    @Override
    public MaildirMailbox open(MailboxPath path) throws StoreException {
        if (!selectable(path)) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + path);
        }
        return new MaildirMailbox(store, store.acquire(root, dirOf(path), path));
    }

    /**
     * Drops {@code colombier.index} and opens the mailbox, which rebuilds it from the mail files
     * and {@code dovecot-uidlist} (so UIDs stay). Refused while this process has the mailbox open.
     */
    @Override
    public void forceResync(MailboxPath path) throws StoreException {
        if (!selectable(path)) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + path);
        }
        Path dir = dirOf(path);
        if (store.inUse(dir)) {
            throw new StoreException(StoreError.IN_USE, "Mailbox is open: " + path);
        }
        try {
            Files.deleteIfExists(dir.resolve(MailboxIndex.FILE));
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "force-resync " + path + ": " + e.getMessage(), e);
        }
        open(path).close();
    }

    @Override
    public void create(MailboxPath path) throws StoreException {
        if (path.isInbox() || selectable(path)) {
            throw new StoreException(StoreError.EXISTS, "Mailbox already exists: " + path);
        }
        for (MailboxPath parent = path.parent(); parent != null; parent = parent.parent()) {
            if (!selectable(parent)) {
                createOne(parent);
            }
        }
        createOne(path);
    }

    /** Creates one mailbox: its directories, Dovecot's marker, and a uidlist with a fresh UIDVALIDITY and GUID. */
    private void createOne(MailboxPath path) throws StoreException {
        Path dir = dirOf(path);
        try {
            if (layout == MaildirLayout.MAILDIR_PLUS_PLUS) {
                Path tmp = root.resolve("temp." + store.host().fileNameHost() + "." + store.host().pid() + "." + Guids.random());
                Files.createDirectory(tmp);
                for (String sub : MaildirLayout.MAILDIR_DIRS) {
                    Files.createDirectory(tmp.resolve(sub));
                }
                Files.createFile(tmp.resolve(MAILDIRFOLDER));
                UidList.empty(UidValidityCounter.next(root, store.durability()), Guids.random())
                        .writeAtomic(tmp.resolve(UidList.FILE), store.durability());
                try {
                    Durability.rename(tmp, dir); // appears whole or not at all
                } catch (IOException e) {
                    deleteTree(tmp);
                    if (Files.isDirectory(dir)) {
                        throw new StoreException(StoreError.EXISTS, "Mailbox already exists: " + path);
                    }
                    throw e;
                }
            } else {
                Files.createDirectories(dir);
                Files.createDirectory(dir.resolve("tmp"));
                Files.createDirectory(dir.resolve("new"));
                UidList.empty(UidValidityCounter.next(root, store.durability()), Guids.random())
                        .writeAtomic(dir.resolve(UidList.FILE), store.durability());
                Files.createDirectory(dir.resolve("cur")); // last: cur/ is what makes it a mailbox in this layout
            }
            store.durability().syncDirectory(dir.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(StoreError.EXISTS, "Mailbox already exists: " + path, e);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(MailboxPath path) throws StoreException {
        if (path.isInbox()) {
            throw new StoreException(StoreError.NOT_POSSIBLE, "INBOX can't be deleted.");
        }
        boolean hasChildren = scan().keySet().stream().anyMatch(p -> !p.equals(path) && p.isWithin(path));
        if (!selectable(path)) {
            throw new StoreException(hasChildren ? StoreError.NOT_POSSIBLE : StoreError.NOT_FOUND,
                    hasChildren ? "Mailbox has children, delete them first" : "Mailbox doesn't exist: " + path);
        }
        Path dir = dirOf(path);
        store.invalidate(dir, false);
        try {
            if (layout == MaildirLayout.FS && hasChildren) {
                // the directory stays as the children's parent: without cur/ it is \Noselect
                for (String sub : List.of("cur", "new", "tmp")) {
                    deleteTree(dir.resolve(sub));
                }
                try (var files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
                    for (Path f : files) {
                        Files.deleteIfExists(f);
                    }
                }
            } else {
                Path trash = root.resolve(MaildirLayout.TRASH);
                deleteTree(trash);
                Durability.rename(dir, trash); // gone from listings at once, as Dovecot does
                deleteTree(trash);
            }
            store.durability().syncDirectory(root);
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + path, e);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void rename(MailboxPath from, MailboxPath to) throws StoreException {
        if (to.isWithin(from)) {
            throw new StoreException(StoreError.NOT_POSSIBLE, "Can't rename a mailbox under itself");
        }
        if (to.isInbox() || selectable(to) || scan().keySet().stream().anyMatch(p -> p.isWithin(to))) {
            throw new StoreException(StoreError.EXISTS, "Target mailbox already exists: " + to);
        }
        dirOf(to); // refuses a name this layout can't store before anything moves
        if (from.isInbox()) {
            renameInbox(to);
            return;
        }
        List<MailboxPath> moving = scan().keySet().stream().filter(p -> p.isWithin(from)).toList();
        if (moving.isEmpty()) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + from);
        }
        try {
            for (MailboxPath parent = to.parent(); parent != null; parent = parent.parent()) {
                if (!selectable(parent)) {
                    createOne(parent);
                }
            }
            if (layout == MaildirLayout.FS) {
                store.invalidate(dirOf(from), true);
                Durability.rename(dirOf(from), dirOf(to));
            } else {
                for (MailboxPath p : moving) {
                    store.invalidate(dirOf(p), false);
                    Durability.rename(dirOf(p), dirOf(p.rebase(from, to)));
                }
            }
            store.durability().syncDirectory(root);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot rename " + from + ": " + e.getMessage(), e);
        }
    }

    /** RENAME INBOX: a new mailbox gets INBOX's messages; INBOX stays, empty (RFC 3501 6.3.5). */
    private void renameInbox(MailboxPath to) throws StoreException {
        create(to);
        try (MaildirMailbox inbox = open(MailboxPath.INBOX); MaildirMailbox target = open(to)) {
            inbox.moveTo(UidSet.all(), target);
        }
    }

    @Override
    public Set<MailboxPath> subscriptions() throws StoreException {
        Set<MailboxPath> out = new TreeSet<>();
        try {
            for (List<String> levels : SubscriptionsFile.read(root, layout.separator())) {
                MailboxPath p = MaildirLayout.fromStorage(levels);
                if (p != null) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot read subscriptions: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void subscribe(MailboxPath path) throws StoreException {
        layout.storageLevels(path);
        changeSubscriptions(path, true);
    }

    @Override
    public void unsubscribe(MailboxPath path) throws StoreException {
        changeSubscriptions(path, false);
    }

    private void changeSubscriptions(MailboxPath path, boolean add) throws StoreException {
        synchronized (store) {
            Set<MailboxPath> subs = subscriptions();
            if (add ? !subs.add(path) : !subs.remove(path)) {
                return;
            }
            List<List<String>> names = new ArrayList<>();
            for (MailboxPath p : subs) {
                names.add(p.levels().stream().map(ModifiedUtf7::encode).toList());
            }
            try (DotLock lock = DotLock.acquire(root.resolve(SubscriptionsFile.FILE), store.host(),
                    SubscriptionsFile.STALE_MILLIS, SubscriptionsFile.WAIT_MILLIS)) {
                lock.replaceFile(SubscriptionsFile.render(names), store.durability());
            } catch (IOException e) {
                throw new StoreException(StoreError.TEMPORARY, "Cannot write subscriptions: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public MailboxStatus status(MailboxPath path) throws StoreException {
        try (MaildirMailbox mailbox = open(path)) {
            return mailbox.status();
        }
    }

    @Override
    public void close() {
        // mailboxes are released by their own handles; nothing is held per user
    }

    private static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    // something was delivered meanwhile; the next delete finishes the job
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
