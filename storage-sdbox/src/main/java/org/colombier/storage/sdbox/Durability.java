package org.colombier.storage.sdbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code mail_fsync}: {@code optimized}/{@code always} sync files and directory entries before
 * success is reported; {@code never} skips syncing (benchmarks only). The same rule as the
 * maildir driver's; both belong in a shared storage module.
 */
record Durability(boolean sync) {
    static Durability of(String mailFsync) {
        return new Durability(!"never".equals(mailFsync));
    }

    void syncFile(FileChannel channel) throws IOException {
        if (sync) {
            channel.force(false);
        }
    }

    void syncDirectory(Path dir) throws IOException {
        if (sync) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }

    /** Creates {@code file} (which must not exist) with {@code content}, synced. */
    void write(Path file, byte[]... content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (byte[] c : content) {
                ByteBuffer b = ByteBuffer.wrap(c);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            syncFile(ch);
        }
    }
}
