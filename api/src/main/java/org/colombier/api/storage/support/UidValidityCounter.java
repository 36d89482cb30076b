package org.colombier.api.storage.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Dovecot's per-root UIDVALIDITY counter ({@code src/lib-storage/mailbox-uidvalidity.c}, used by
 * Maildir and dbox alike): {@code dovecot-uidvalidity} holds the last value given out as 8 hex
 * digits, and an empty marker {@code dovecot-uidvalidity.<hex>} is renamed to the next value to
 * claim it atomically, so two processes never hand out the same value.
 */
public final class UidValidityCounter {
    public static final String FILE = "dovecot-uidvalidity";
    private static final int ATTEMPTS = 100;

    private UidValidityCounter() {
    }

    public static synchronized long next(Path root, Durability durability) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Path marker = findMarker(root);
            long value;
            if (marker != null) {
                long current = Long.parseLong(marker.getFileName().toString().substring(FILE.length() + 1), 16);
                value = bump(current);
                try {
                    Durability.rename(marker, root.resolve(markerName(value)));
                } catch (NoSuchFileException raced) {
                    continue; // another process claimed that value first
                }
            } else {
                long last = readLast(root);
                value = System.currentTimeMillis() / 1000;
                if (value <= last) {
                    value = bump(last);
                }
                try {
                    Files.createFile(root.resolve(markerName(value)));
                } catch (FileAlreadyExistsException raced) {
                    continue;
                }
            }
            // per process: another process may be writing its own value at the same time
            Path tmp = root.resolve(FILE + ".tmp." + ProcessHandle.current().pid());
            durability.writeAtomic(tmp, root.resolve(FILE), String.format("%08x", value).getBytes(StandardCharsets.US_ASCII));
            return value;
        }
        throw new IOException("Cannot allocate a UIDVALIDITY in " + root);
    }

    private static long bump(long v) {
        long next = (v + 1) & 0xFFFF_FFFFL;
        return next == 0 ? 1 : next;
    }

    private static String markerName(long value) {
        return FILE + "." + String.format("%08x", value);
    }

    private static Path findMarker(Path root) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, FILE + ".*")) {
            for (Path p : ds) {
                String hex = p.getFileName().toString().substring(FILE.length() + 1);
                if (hex.length() == 8 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static long readLast(Path root) throws IOException {
        try {
            String s = Files.readString(root.resolve(FILE), StandardCharsets.US_ASCII).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s, 16);
        } catch (NoSuchFileException | NumberFormatException e) {
            return 0;
        }
    }
}
