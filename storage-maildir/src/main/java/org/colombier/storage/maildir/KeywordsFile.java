package org.colombier.storage.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.support.Durability;

/**
 * {@code dovecot-keywords}: {@code <index> <name>} per line; index i is the file name letter
 * {@code 'a' + i}. Names compare case-insensitively; slots may have gaps; a new keyword takes the
 * lowest free slot and is written only under the uidlist lock. Keywords beyond the 26 letters live
 * only in the index, as in Dovecot.
 */
final class KeywordsFile {
    static final String FILE = "dovecot-keywords";
    static final int SLOTS = 26;
    private static final long STALE_MILLIS = 120_000;

    private final String[] names;

    private KeywordsFile(String[] names) {
        this.names = names;
    }

    static KeywordsFile read(Path dir) throws IOException {
        String[] names = new String[SLOTS];
        String content;
        try {
            content = Files.readString(dir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new KeywordsFile(names);
        }
        for (String line : content.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp <= 0) {
                continue;
            }
            int idx;
            try {
                idx = Integer.parseInt(line.substring(0, sp));
            } catch (NumberFormatException e) {
                continue;
            }
            String name = line.substring(sp + 1);
            if (idx >= 0 && idx < SLOTS && !name.isEmpty() && indexOf(names, name) < 0) {
                names[idx] = name;
            }
        }
        return new KeywordsFile(names);
    }

    private static int indexOf(String[] names, String keyword) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null && names[i].equalsIgnoreCase(keyword)) {
                return i;
            }
        }
        return -1;
    }

    /** True when every keyword of {@code flags} has a letter, or no slot is left for it. */
    boolean covers(Set<String> keywords) {
        for (String k : keywords) {
            if (indexOf(names, k) < 0 && freeSlots() > 0) {
                return false;
            }
        }
        return true;
    }

    private int freeSlots() {
        return (int) Arrays.stream(names).filter(n -> n == null).count();
    }

    /**
     * Adds the keywords that have no slot yet and writes the file. The caller holds the uidlist
     * lock, as Dovecot requires; the file's mtime strictly increases so one-second readers notice.
     */
    KeywordsFile withAdded(Path dir, Set<String> keywords, Host host, Durability durability) throws IOException, StoreException {
        String[] n = names.clone();
        for (String k : keywords) {
            if (indexOf(n, k) < 0) {
                int free = firstFree(n);
                if (free < 0) {
                    break;
                }
                n[free] = k;
            }
        }
        if (Arrays.equals(n, names)) {
            return this;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < SLOTS; i++) {
            if (n[i] != null) {
                sb.append(i).append(' ').append(n[i]).append('\n');
            }
        }
        Path file = dir.resolve(FILE);
        FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        try (DotLock lock = DotLock.acquire(file, host, STALE_MILLIS, STALE_MILLIS + 2000)) {
            lock.replaceFile(sb.toString().getBytes(StandardCharsets.UTF_8), durability);
        }
        FileTime after = Files.getLastModifiedTime(file);
        if (before != null && after.toMillis() / 1000 <= before.toMillis() / 1000) {
            Files.setLastModifiedTime(file, FileTime.fromMillis((before.toMillis() / 1000 + 1) * 1000));
        }
        return new KeywordsFile(n);
    }

    private static int firstFree(String[] names) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) {
                return i;
            }
        }
        return -1;
    }

    /** The flags a file name's letters stand for; letters with no meaning are left to {@link #unknownLetters}. */
    Flags flags(String letters) {
        EnumSet<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        Set<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            SystemFlag f = systemFlag(c);
            if (f != null) {
                system.add(f);
            } else if (c >= 'a' && c <= 'z' && names[c - 'a'] != null) {
                keywords.add(names[c - 'a']);
            }
        }
        return new Flags(system, keywords);
    }

    /** Letters of a file name this mailbox cannot map (Dovecot keeps them verbatim, e.g. {@code P}). */
    String unknownLetters(String letters) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            if (systemFlag(c) == null && !(c >= 'a' && c <= 'z' && names[c - 'a'] != null)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The letters for {@code flags}, in ASCII order, keeping {@code unknown} letters. */
    String letters(Flags flags, String unknown) {
        StringBuilder sb = new StringBuilder(unknown);
        for (SystemFlag f : flags.system()) {
            sb.append(f.maildirLetter());
        }
        for (String k : flags.keywords()) {
            int i = indexOf(names, k);
            if (i >= 0) {
                sb.append((char) ('a' + i));
            }
        }
        return MaildirName.sortFlags(sb.toString());
    }

    /** The keywords of {@code flags} that have no letter (beyond 26): kept in the index only. */
    Set<String> withoutLetter(Set<String> keywords) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String k : keywords) {
            if (indexOf(names, k) < 0) {
                out.add(k);
            }
        }
        return out;
    }

    private static SystemFlag systemFlag(char c) {
        for (SystemFlag f : SystemFlag.values()) {
            if (f.maildirLetter() == c) {
                return f;
            }
        }
        return null;
    }
}
