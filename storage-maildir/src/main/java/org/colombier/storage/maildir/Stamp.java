package org.colombier.storage.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * The cheap fingerprint of a Maildir that tells whether anyone changed it: the mtimes of
 * {@code new/} and {@code cur/} (any create, rename or unlink changes them) and the identity, size
 * and mtime of {@code dovecot-uidlist} (Dovecot appends or renames a new one over it). Three stats.
 */
record Stamp(long newMtime, long curMtime, String uidListKey, long uidListSize, long uidListMtime) {
    static final Stamp NONE = new Stamp(-1, -1, "", -1, -1);

    static Stamp read(Path dir) throws IOException {
        BasicFileAttributes n = Files.readAttributes(dir.resolve("new"), BasicFileAttributes.class);
        BasicFileAttributes c = Files.readAttributes(dir.resolve("cur"), BasicFileAttributes.class);
        BasicFileAttributes u;
        try {
            u = Files.readAttributes(dir.resolve(UidList.FILE), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            u = null;
        }
        return new Stamp(n.lastModifiedTime().to(TimeUnit.NANOSECONDS), c.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                u == null ? "" : String.valueOf(u.fileKey()), u == null ? -1 : u.size(),
                u == null ? -1 : u.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    }

    boolean sameUidList(Stamp o) {
        return uidListKey.equals(o.uidListKey) && uidListSize == o.uidListSize && uidListMtime == o.uidListMtime;
    }

    /**
     * Whether {@code new/} changed too recently, at {@code wallMillis}, to trust its mtime: a file
     * system's timestamp tick may let a later change keep the same mtime (Dovecot's
     * MAILDIR_SYNC_SECS rule, 1 s).
     */
    boolean newRacyAt(long wallMillis) {
        return wallMillis - newMtime / 1_000_000 < 1000;
    }

    /** As {@link #newRacyAt(long)}, for {@code cur/}. */
    boolean curRacyAt(long wallMillis) {
        return wallMillis - curMtime / 1_000_000 < 1000;
    }
}
