package org.colombier.storage.sdbox;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The child process of {@link LockingTest}: takes the fcntl write lock on a
 * {@code dovecot.index.log} exactly as a Dovecot process does, says {@code locked}, and holds it
 * until its standard input is closed.
 */
public final class HoldIndexLock {
    private HoldIndexLock() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE);
             var lock = ch.lock()) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our input
            }
        }
    }
}
