package org.colombier.storage.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.ModifiedUtf7;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;

/**
 * Where a mailbox lives under the mail root. INBOX is the root itself in both layouts.
 * <ul>
 * <li>{@code maildir++} (default): {@code .Level1.Level2} directories, levels in modified UTF-7,
 * separator {@code .} on disk, so a level containing {@code .} is refused as Dovecot does without
 * an escape character.</li>
 * <li>{@code fs}: nested directories {@code Level1/Level2}; levels {@code cur}, {@code new} and
 * {@code tmp} are refused.</li>
 * </ul>
 */
enum MaildirLayout {
    MAILDIR_PLUS_PLUS('.'),
    FS('/');

    static final Set<String> MAILDIR_DIRS = Set.of("cur", "new", "tmp");
    /** The directory a mailbox is renamed to while being deleted, by Dovecot and by us. */
    static final String TRASH = "..DOVECOT-TRASHED";

    private final char separator;

    MaildirLayout(char separator) {
        this.separator = separator;
    }

    static MaildirLayout of(String option) throws StoreException {
        return switch (option.toLowerCase(java.util.Locale.ROOT)) {
            case "maildir++" -> MAILDIR_PLUS_PLUS;
            case "fs" -> FS;
            default -> throw new StoreException(StoreError.NOT_POSSIBLE, "Unknown maildir layout: " + option);
        };
    }

    /** The list separator on disk ({@code .} or {@code /}). */
    char separator() {
        return separator;
    }

    /** The storage name of each level: modified UTF-7, checked against this layout's reserved names. */
    List<String> storageLevels(MailboxPath path) throws StoreException {
        List<String> out = new ArrayList<>(path.levels().size());
        for (String level : path.levels()) {
            if (this == MAILDIR_PLUS_PLUS && level.indexOf('.') >= 0) {
                throw new StoreException(StoreError.NO_PERMISSION, "Character not allowed in mailbox name: '.'");
            }
            if (this == FS && MAILDIR_DIRS.contains(level)) {
                throw new StoreException(StoreError.NO_PERMISSION, "Mailbox name is reserved by Maildir: " + level);
            }
            out.add(ModifiedUtf7.encode(level));
        }
        return out;
    }

    Path directory(Path root, MailboxPath path) throws StoreException {
        if (path.isInbox()) {
            return root;
        }
        List<String> levels = storageLevels(path);
        return this == MAILDIR_PLUS_PLUS ? root.resolve("." + String.join(".", levels)) : root.resolve(String.join("/", levels));
    }

    /** The path a storage name (levels as on disk) stands for, or null if it is not a valid name. */
    static MailboxPath fromStorage(List<String> storageLevels) {
        List<String> levels = new ArrayList<>(storageLevels.size());
        for (String s : storageLevels) {
            levels.add(ModifiedUtf7.decodeStored(s));
        }
        try {
            return MailboxPath.of(levels);
        } catch (StoreException e) {
            return null;
        }
    }

    /** The mailboxes on disk other than INBOX: path to whether it is selectable (has its own directory). */
    Map<MailboxPath, Boolean> scan(Path root) throws IOException {
        Map<MailboxPath, Boolean> out = new TreeMap<>();
        if (this == MAILDIR_PLUS_PLUS) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    if (n.length() < 2 || n.charAt(0) != '.' || n.charAt(1) == '.' || !Files.isDirectory(p)) {
                        continue;
                    }
                    MailboxPath path = fromStorage(List.of(n.substring(1).split("\\.", -1)));
                    if (path != null) {
                        out.put(path, true);
                    }
                }
            }
        } else {
            scanFs(root, new ArrayList<>(), out);
        }
        return out;
    }

    private static void scanFs(Path dir, List<String> levels, Map<MailboxPath, Boolean> out) throws IOException {
        if (levels.size() >= MailboxPath.MAX_DEPTH) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (MAILDIR_DIRS.contains(n) || n.startsWith(".")) {
                    continue;
                }
                List<String> child = new ArrayList<>(levels);
                child.add(n);
                MailboxPath path = fromStorage(child);
                if (path != null && !path.isInbox()) {
                    out.put(path, Files.isDirectory(p.resolve("cur")));
                    scanFs(p, child, out);
                }
            }
        }
    }
}
