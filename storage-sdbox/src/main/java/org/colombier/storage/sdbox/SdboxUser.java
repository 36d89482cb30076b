package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.colombier.api.storage.MailboxAttribute;
import org.colombier.api.storage.MailboxEntry;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.ModifiedUtf7;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.SubscriptionsFile;

/**
 * One user's sdbox root (formats §2.1): mailbox {@code A/B} is {@code mailboxes/A/B/dbox-Mails/},
 * levels in modified UTF-7; a directory without {@code dbox-Mails} is a {@code \Noselect} parent.
 * {@code dovecot.list.index} is only a cache for this layout (formats §3.3): Dovecot notices our
 * directories on its next LIST, so we neither read nor write it.
 */
final class SdboxUser implements UserMailboxes {
    private final SdboxStore store;
    private final Path root;
    private final Path mailboxes;

    SdboxUser(SdboxStore store, Path root) throws StoreException {
        this.store = store;
        this.root = root;
        this.mailboxes = root.resolve("mailboxes");
        try {
            Files.createDirectories(mailboxes);
            ensureMailbox(MailboxPath.INBOX);
        } catch (IOException e) {
            throw io("create INBOX", e);
        }
    }

    Path directory(MailboxPath path) throws StoreException {
        Path p = mailboxes;
        for (String level : path.levels()) {
            if (level.equals(MailboxState.MAILS)) {
                // Dovecot refuses it too: it would be taken for the mail directory of the parent
                throw new StoreException(StoreError.NO_PERMISSION, "Mailbox name may not contain the level " + MailboxState.MAILS);
            }
            p = p.resolve(ModifiedUtf7.encode(level));
        }
        return p;
    }

    Path mails(MailboxPath path) throws StoreException {
        return directory(path).resolve(MailboxState.MAILS);
    }

    @Override
    public List<MailboxEntry> list() throws StoreException {
        TreeMap<MailboxPath, Set<MailboxAttribute>> out = new TreeMap<>();
        try {
            walk(mailboxes, new ArrayList<>(), out);
        } catch (IOException e) {
            throw io("list mailboxes", e);
        }
        List<MailboxEntry> entries = new ArrayList<>();
        out.forEach((p, a) -> entries.add(new MailboxEntry(p, a)));
        return entries;
    }

    private boolean walk(Path dir, List<String> levels, TreeMap<MailboxPath, Set<MailboxAttribute>> out) throws IOException {
        boolean any = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : ds) {
                String name = child.getFileName().toString();
                if (name.equals(MailboxState.MAILS)) {
                    continue;
                }
                List<String> l = new ArrayList<>(levels);
                l.add(ModifiedUtf7.decodeStored(name));
                MailboxPath path;
                try {
                    path = MailboxPath.of(l);
                } catch (StoreException invalid) {
                    continue; // a name we could not serve safely
                }
                boolean children = walk(child, l, out);
                Set<MailboxAttribute> attrs = EnumSet.of(children ? MailboxAttribute.HAS_CHILDREN : MailboxAttribute.HAS_NO_CHILDREN);
                if (!Files.isDirectory(child.resolve(MailboxState.MAILS))) {
                    attrs.add(MailboxAttribute.NOSELECT);
                }
                out.put(path, attrs);
                any = true;
            }
        }
        return any;
    }

    @Override
    public SdboxMailbox open(MailboxPath path) throws StoreException {
        Path mails = mails(path);
        if (!Files.isDirectory(mails)) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + String.join("/", path.levels()));
        }
        try {
            if (!Files.exists(mails.resolve(TransactionLog.FILE))) {
                // Dovecot, too, starts a fresh index for a dbox-Mails without one (formats §2.6)
                MailboxState.initialize(mails, root, store.durability());
            }
        } catch (IOException e) {
            throw io("initialize the index of " + mails, e);
        }
        return new SdboxMailbox(store, path, store.acquire(mails));
    }

    /** {@code doveadm force-resync}: rebuilds our index from the dbox files and Dovecot's index. */
    @Override
    public void forceResync(MailboxPath path) throws StoreException {
        try (SdboxMailbox mailbox = open(path)) {
            mailbox.forceResync();
        }
    }

    @Override
    public void create(MailboxPath path) throws StoreException {
        if (Files.isDirectory(mails(path))) {
            throw new StoreException(StoreError.EXISTS, "Mailbox already exists: " + String.join("/", path.levels()));
        }
        try {
            for (int i = 1; i <= path.levels().size(); i++) {
                ensureMailbox(new MailboxPath(path.levels().subList(0, i)));
            }
        } catch (IOException e) {
            throw io("create the mailbox", e);
        }
    }

    /** Makes {@code path} a mailbox with its own new index (GUID, UIDVALIDITY) if it is not one yet. */
    private void ensureMailbox(MailboxPath path) throws IOException, StoreException {
        Path mails = mails(path);
        if (Files.exists(mails.resolve(TransactionLog.FILE))) {
            return;
        }
        Files.createDirectories(mails);
        MailboxState.initialize(mails, root, store.durability());
        store.durability().syncDirectory(mails.getParent());
        store.durability().syncDirectory(mails.getParent().getParent());
    }

    @Override
    public void delete(MailboxPath path) throws StoreException {
        if (path.equals(MailboxPath.INBOX)) {
            throw new StoreException(StoreError.NOT_POSSIBLE, "INBOX can't be deleted.");
        }
        Path dir = directory(path);
        Path mails = mails(path);
        if (!Files.isDirectory(mails)) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + String.join("/", path.levels()));
        }
        try {
            boolean children;
            try (Stream<Path> s = Files.list(dir)) {
                children = s.anyMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().equals(MailboxState.MAILS));
            }
            store.forget(mails);
            // renamed away first, as Dovecot does, so no reader sees a half-deleted mailbox
            Path trash = (children ? dir : dir.getParent()).resolve(".colombier-TRASHED." + ProcessHandle.current().pid() + "." + System.nanoTime());
            Files.move(children ? mails : dir, trash, StandardCopyOption.ATOMIC_MOVE);
            store.durability().syncDirectory(trash.getParent());
            deleteTree(trash);
            dropListIndex();
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + String.join("/", path.levels()));
        } catch (IOException e) {
            throw io("delete the mailbox", e);
        }
    }

    @Override
    public void rename(MailboxPath from, MailboxPath to) throws StoreException {
        if (Files.isDirectory(directory(to))) {
            throw new StoreException(StoreError.EXISTS, "Mailbox already exists: " + String.join("/", to.levels()));
        }
        if (!Files.isDirectory(mails(from))) {
            throw new StoreException(StoreError.NOT_FOUND, "Mailbox doesn't exist: " + String.join("/", from.levels()));
        }
        if (from.equals(MailboxPath.INBOX)) {
            create(to);
            try (SdboxMailbox inbox = open(from); SdboxMailbox target = open(to)) {
                inbox.moveTo(UidSet.all(), target);
            }
            return;
        }
        try {
            if (to.levels().size() > 1) {
                create(new MailboxPath(to.levels().subList(0, to.levels().size() - 1)));
            }
        } catch (StoreException exists) {
            if (exists.error() != StoreError.EXISTS) {
                throw exists;
            }
        }
        try {
            store.forget(directory(from));
            Files.move(directory(from), directory(to), StandardCopyOption.ATOMIC_MOVE);
            store.durability().syncDirectory(directory(from).getParent());
            store.durability().syncDirectory(directory(to).getParent());
            dropListIndex();
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(StoreError.EXISTS, "Mailbox already exists: " + String.join("/", to.levels()));
        } catch (IOException e) {
            throw io("rename the mailbox", e);
        }
    }

    @Override
    public Set<MailboxPath> subscriptions() throws StoreException {
        Set<MailboxPath> out = new LinkedHashSet<>();
        try {
            for (List<String> levels : SubscriptionsFile.read(root, '/')) {
                List<String> decoded = new ArrayList<>();
                levels.forEach(l -> decoded.add(ModifiedUtf7.decodeStored(l)));
                try {
                    out.add(MailboxPath.of(decoded));
                } catch (StoreException invalid) {
                    // a name we cannot serve; Dovecot keeps it, so do we (we rewrite only what we read)
                }
            }
        } catch (IOException e) {
            throw io("read subscriptions", e);
        }
        return out;
    }

    @Override
    public void subscribe(MailboxPath path) throws StoreException {
        Set<MailboxPath> subs = subscriptions();
        if (subs.add(path)) {
            writeSubscriptions(subs);
        }
    }

    @Override
    public void unsubscribe(MailboxPath path) throws StoreException {
        Set<MailboxPath> subs = subscriptions();
        if (subs.remove(path)) {
            writeSubscriptions(subs);
        }
    }

    private void writeSubscriptions(Set<MailboxPath> subs) throws StoreException {
        List<List<String>> names = new ArrayList<>();
        for (MailboxPath p : subs) {
            names.add(p.levels().stream().map(ModifiedUtf7::encode).toList());
        }
        try {
            SubscriptionsWriter.write(root, names, store.durability());
        } catch (IOException e) {
            throw io("write subscriptions", e);
        }
    }

    @Override
    public MailboxStatus status(MailboxPath path) throws StoreException {
        try (SdboxMailbox box = open(path)) {
            return box.status();
        }
    }

    @Override
    public void close() {
        // nothing held per user: mailboxes are closed by their handles
    }

    /**
     * Dovecot's mailbox list index is only a cache for this layout (formats §3.3); it notices new
     * directories by itself, and removing it after a delete or rename keeps it from listing stale names.
     */
    private void dropListIndex() throws IOException {
        for (String f : new String[] {"dovecot.list.index", "dovecot.list.index.log", "dovecot.list.index.log.2"}) {
            Files.deleteIfExists(root.resolve(f));
        }
    }

        private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private StoreException io(String what, IOException e) {
        return new StoreException(StoreError.TEMPORARY, "Cannot " + what + " in " + root + ": " + e.getMessage(), e);
    }
}
