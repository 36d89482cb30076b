package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Dovecot's per-root UIDVALIDITY counter ({@code mailbox-uidvalidity.c}, used by dbox as by
 * Maildir): the marker {@code dovecot-uidvalidity.<hex>} is renamed to the next value to claim it.
 * The maildir driver has the same class; it belongs in a shared storage module.
 */
final class UidValidityCounter {
    private static final String FILE = "dovecot-uidvalidity";

    private UidValidityCounter() {
    }

    static synchronized long next(Path root, Durability durability) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            Path marker = null;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, FILE + ".*")) {
                for (Path p : ds) {
                    if (p.getFileName().toString().length() == FILE.length() + 9) {
                        marker = p;
                    }
                }
            }
            long value;
            if (marker != null) {
                value = bump(Long.parseLong(marker.getFileName().toString().substring(FILE.length() + 1), 16));
                try {
                    Files.move(marker, root.resolve(name(value)), StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException raced) {
                    continue;
                }
            } else {
                long last = 0;
                try {
                    last = Long.parseLong(Files.readString(root.resolve(FILE)).trim(), 16);
                } catch (NoSuchFileException | NumberFormatException e) {
                    // first mailbox of this root
                }
                value = System.currentTimeMillis() / 1000;
                if (value <= last) {
                    value = bump(last);
                }
                try {
                    Files.createFile(root.resolve(name(value)));
                } catch (FileAlreadyExistsException raced) {
                    continue;
                }
            }
            Path tmp = root.resolve(FILE + ".tmp." + ProcessHandle.current().pid());
            Files.deleteIfExists(tmp);
            durability.write(tmp, String.format("%08x", value).getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp, root.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return value;
        }
        throw new IOException("Cannot allocate a UIDVALIDITY in " + root);
    }

    private static long bump(long v) {
        long next = (v + 1) & 0xFFFF_FFFFL;
        return next == 0 ? 1 : next;
    }

    private static String name(long value) {
        return FILE + "." + String.format("%08x", value);
    }
}
