package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The root's {@code subscriptions}, version 2 as Dovecot writes it for dbox too (formats §1.11):
 * {@code V\t2\n\n}, then one storage name per line with levels joined by TAB and 0x01-escaped.
 * Written under Dovecot's dotlock {@code subscriptions.lock} (the maildir driver has the same format).
 */
final class SubscriptionsFile {
    private static final String FILE = "subscriptions";
    private static final String HEADER = "V\t2\n\n";
    /** Dovecot's subscription dotlock: stale after 30 s, waited for up to 120 s. */
    private static final long STALE_MILLIS = 30_000;
    private static final long WAIT_MILLIS = 120_000;

    private SubscriptionsFile() {
    }

    static List<List<String>> read(Path root) throws IOException {
        String content;
        try {
            content = Files.readString(root.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        boolean v2 = content.startsWith(HEADER);
        List<List<String>> out = new ArrayList<>();
        for (String line : (v2 ? content.substring(HEADER.length()) : content).split("\n")) {
            if (!line.isEmpty()) {
                List<String> levels = new ArrayList<>();
                for (String level : line.split(v2 ? "\t" : "/", -1)) {
                    levels.add(v2 ? unescape(level) : level);
                }
                out.add(levels);
            }
        }
        return out;
    }

    static synchronized void write(Path root, List<List<String>> names, Durability durability) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER);
        for (List<String> levels : names) {
            List<String> escaped = new ArrayList<>();
            levels.forEach(l -> escaped.add(escape(l)));
            sb.append(String.join("\t", escaped)).append('\n');
        }
        // Dovecot's way: the new content is written into the dotlock file, which is renamed over the file
        Path lock = root.resolve(FILE + ".lock");
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            try {
                durability.write(lock, sb.toString().getBytes(StandardCharsets.UTF_8));
                break;
            } catch (FileAlreadyExistsException held) {
                if (staleLock(lock)) {
                    Files.deleteIfExists(lock);
                } else if (System.currentTimeMillis() > deadline) {
                    throw new IOException("subscriptions are locked by another process: " + lock);
                } else {
                    sleep();
                }
            }
        }
        Files.move(lock, root.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        durability.syncDirectory(root);
    }

    private static boolean staleLock(Path lock) throws IOException {
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(lock).toMillis() > STALE_MILLIS;
        } catch (NoSuchFileException gone) {
            return false; // released meanwhile: try again
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the subscriptions lock", e);
        }
    }

    private static String escape(String s) {
        return s.replace("\u0001", "\u00011").replace("\t", "\u0001t").replace("\r", "\u0001r").replace("\n", "\u0001n");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 1 && i + 1 < s.length()) {
                char e = s.charAt(++i);
                out.append(switch (e) {
                    case '1' -> '\u0001';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    default -> e;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
