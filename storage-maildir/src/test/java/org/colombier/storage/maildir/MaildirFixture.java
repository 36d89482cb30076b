package org.colombier.storage.maildir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;

/** Small helpers the driver's own tests share. */
final class MaildirFixture {
    private MaildirFixture() {
    }

    static MaildirStore store() throws StoreException {
        return store(Map.of());
    }

    static MaildirStore store(Map<String, String> options) throws StoreException {
        return new MaildirStore(new MailStoreSettings("maildir", "optimized", options));
    }

    static UserMailboxes user(MaildirStore store, Path maildir) throws StoreException {
        return store.forUser(new MailUser("alice", maildir.getParent(), maildir, Map.of()));
    }

    static MessageSource message(String subject) {
        return MessageSource.of(("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nbody of " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }
}
