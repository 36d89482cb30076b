package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.colombier.api.storage.support.Durability;
import org.colombier.api.storage.support.SubscriptionsFile;

/** Replaces the root's {@code subscriptions} under Dovecot's dotlock {@code subscriptions.lock}. */
final class SubscriptionsWriter {
    private SubscriptionsWriter() {
    }

    static synchronized void write(Path root, List<List<String>> names, Durability durability) throws IOException {
        byte[] content = SubscriptionsFile.render(names);
        // Dovecot's way: the new content is written into the dotlock file, which is renamed over the file
        Path lock = root.resolve(SubscriptionsFile.FILE + ".lock");
        long deadline = System.currentTimeMillis() + SubscriptionsFile.WAIT_MILLIS;
        while (true) {
            try {
                durability.write(lock, content);
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
        Files.move(lock, root.resolve(SubscriptionsFile.FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        durability.syncDirectory(root);
    }

    private static boolean staleLock(Path lock) throws IOException {
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(lock).toMillis() > SubscriptionsFile.STALE_MILLIS;
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
}
