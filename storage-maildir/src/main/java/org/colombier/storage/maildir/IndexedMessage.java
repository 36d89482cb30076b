package org.colombier.storage.maildir;

import java.time.Instant;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MessageInfo;

/**
 * What the index knows of one message: its file ({@code cur/} or {@code new/} and full name),
 * sizes, internal date (the file's mtime), flags including keywords that have no file name letter,
 * and the uidlist's GUID and POP3 UIDL overrides.
 */
record IndexedMessage(long uid, long modSeq, boolean inCur, String fileName, long size, long virtualSize,
                      long internalDateMillis, Flags flags, String guid, String pop3Uidl) {

    String base() {
        return MaildirName.parse(fileName).base();
    }

    String relativePath() {
        return (inCur ? "cur/" : "new/") + fileName;
    }

    IndexedMessage withUid(long newUid) {
        return new IndexedMessage(newUid, modSeq, inCur, fileName, size, virtualSize, internalDateMillis, flags, guid, pop3Uidl);
    }

    IndexedMessage withFile(boolean newInCur, String newFileName) {
        return new IndexedMessage(uid, modSeq, newInCur, newFileName, size, virtualSize, internalDateMillis, flags, guid, pop3Uidl);
    }

    IndexedMessage withFlags(Flags newFlags, long newModSeq) {
        return new IndexedMessage(uid, newModSeq, inCur, fileName, size, virtualSize, internalDateMillis, newFlags, guid, pop3Uidl);
    }

    MessageInfo info() {
        String messageGuid = guid != null ? guid : base();
        String uidl = pop3Uidl == null ? null : pop3Uidl.isEmpty() ? base() : pop3Uidl;
        return new MessageInfo(uid, modSeq, size, virtualSize, Instant.ofEpochMilli(internalDateMillis), flags, messageGuid, uidl);
    }
}
