package org.colombier.api.storage.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where data reaches the disk, for every storage driver: {@code mail_fsync = optimized|always}
 * syncs files and directory entries before success is reported; {@code never} skips every sync
 * (benchmarks only).
 */
public record Durability(boolean sync) {
    public static Durability of(String mailFsync) {
        return new Durability(!"never".equals(mailFsync));
    }

    public void syncFile(FileChannel channel) throws IOException {
        if (sync) {
            channel.force(false);
        }
    }

    /** Makes a created, renamed or removed directory entry durable. */
    public void syncDirectory(Path dir) throws IOException {
        if (sync) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }

    /** Creates {@code file} (which must not exist) with {@code content}, synced. */
    public void write(Path file, byte[]... content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (byte[] c : content) {
                writeFully(ch, c);
            }
            syncFile(ch);
        }
    }

    /** Writes {@code tmp}, syncs it, renames it to {@code target} and syncs the directory. */
    public void writeAtomic(Path tmp, Path target, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, content);
            syncFile(ch);
        }
        rename(tmp, target);
        syncDirectory(target.getParent());
    }

    /** Appends {@code content} at the end of {@code file} and syncs it. */
    public void append(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            writeFully(ch, content);
            syncFile(ch);
        }
    }

    /** rename(2): atomic, replacing the target, as Maildir and dbox rely on. */
    public static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("rename across file systems: " + from + " -> " + to, e);
        }
    }

    private static void writeFully(FileChannel ch, byte[] content) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
