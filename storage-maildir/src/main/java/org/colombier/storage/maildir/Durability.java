package org.colombier.storage.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where data reaches the disk: {@code mail_fsync = optimized|always} syncs files and directory
 * entries before success is reported; {@code never} skips every sync (benchmarks only).
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

    /** Makes a created, renamed or removed directory entry durable. */
    void syncDirectory(Path dir) throws IOException {
        if (sync) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }

    /** Writes {@code tmp}, syncs it, renames it to {@code target} and syncs the directory. */
    void writeAtomic(Path tmp, Path target, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            syncFile(ch);
        }
        rename(tmp, target);
        syncDirectory(target.getParent());
    }

    /** Appends {@code content} at the end of {@code file} and syncs it. */
    void append(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            syncFile(ch);
        }
    }

    /** rename(2): atomic, replacing the target, as Maildir relies on. */
    static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("rename across file systems: " + from + " -> " + to, e);
        }
    }
}
