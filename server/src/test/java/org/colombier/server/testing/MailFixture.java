package org.colombier.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;

/**
 * Users in a passwd-file with homes under one directory, and a look into their Maildirs through
 * the storage SPI (a store of its own, as another process would have).
 */
public final class MailFixture {
    private final Path root;
    private final List<String> lines = new ArrayList<>();

    public MailFixture(Path root) {
        this.root = root;
    }

    /** Adds a user with password {@code secret}; {@code fields} are passwd-file extra fields, e.g. {@code userdb_quota_message_count=1}. */
    public MailFixture user(String name, String... fields) {
        lines.add(name + ":{PLAIN}secret::::" + home(name) + "::" + String.join(" ", fields));
        return this;
    }

    public Path home(String name) {
        return root.resolve("home").resolve(name);
    }

    public Path passwdFile() throws IOException {
        Path file = root.resolve("users.passwd");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** A test configuration (no TLS) with these users. */
    public TestConfig config() throws IOException {
        return TestConfig.noTls().users(passwdFile(), root.resolve("home"));
    }

    /** The messages of {@code user}'s {@code mailbox} in UID order; empty if the mailbox does not exist. */
    public List<String> messages(String user, MailboxPath mailbox) throws IOException, StoreException {
        List<String> result = new ArrayList<>();
        try (MailStore store = MailStoreProvider.forDriver("maildir").open(new MailStoreSettings("maildir", "optimized", Map.of()));
             UserMailboxes boxes = store.forUser(new MailUser(user, home(user), home(user).resolve("Maildir"), Map.of()))) {
            Mailbox box;
            try {
                box = boxes.open(mailbox);
            } catch (StoreException e) {
                if (e.error() == StoreError.NOT_FOUND) {
                    return result;
                }
                throw e;
            }
            try (box) {
                for (MessageInfo info : box.messages(UidSet.all())) {
                    try (InputStream in = box.openMessage(info.uid())) {
                        result.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return result;
    }

    public List<String> inbox(String user) throws IOException, StoreException {
        return messages(user, MailboxPath.INBOX);
    }

    /** Creates a mailbox for {@code user} (as an IMAP client would). */
    public void createMailbox(String user, String name) throws StoreException {
        try (MailStore store = MailStoreProvider.forDriver("maildir").open(new MailStoreSettings("maildir", "optimized", Map.of()));
             UserMailboxes boxes = store.forUser(new MailUser(user, home(user), home(user).resolve("Maildir"), Map.of()))) {
            boxes.create(MailboxPath.of(List.of(name)));
        }
    }
}
