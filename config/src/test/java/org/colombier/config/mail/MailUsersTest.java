package org.colombier.config.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import org.colombier.api.auth.UserRecord;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class MailUsersTest {
    @TempDir
    Path dir;

    private MailUsers users(String home, String path) {
        return new MailUsers(new MailStoreSettings("maildir", "never",
                Map.of("mail_driver", "maildir", "mail_home", home, "mail_path", path, "mail_fsync", "never")));
    }

    private static UserRecord record(String user, String home, Map<String, String> fields) {
        return new UserRecord(user, home, OptionalInt.empty(), OptionalInt.empty(), fields);
    }

    @Test
    void mailHomeAndPathAreExpandedPerUser() throws Exception {
        try (MailUsers users = users(dir + "/%{user | domain}/%{user | username}", "~/Maildir")) {
            MailUser u = users.mailUser(record("bob@example.org", null, Map.of()), "imap");
            assertThat(u.home()).isEqualTo(dir.resolve("example.org/bob"));
            assertThat(u.mailPath()).isEqualTo(dir.resolve("example.org/bob/Maildir"));
        }
    }

    @Test
    void theUserdbHomeAndMailPathWinOverTheConfiguration() throws Exception {
        try (MailUsers users = users(dir + "/%{user}", "~/Maildir")) {
            MailUser u = users.mailUser(record("bob", dir + "/homes/bob", Map.of("mail_path", "~/Mail/box")), "imap");
            assertThat(u.mailPath()).isEqualTo(dir.resolve("homes/bob/Mail/box"));
        }
    }

    @Test
    void aUserNameCannotClimbOutOfTheMailRoot() {
        try (MailUsers users = users(dir + "/%{user}", "~/Maildir")) {
            for (String name : new String[] {"..", "../etc", "a/b", "."}) {
                assertThatThrownBy(() -> users.mailUser(record(name, null, Map.of()), "imap"))
                        .isInstanceOfSatisfying(StoreException.class,
                                e -> assertThat(e.error()).isEqualTo(StoreError.NO_PERMISSION));
            }
        }
    }

    @Test
    void theStoreOfADriverIsSharedAndOpensTheUsersMailboxes() throws Exception {
        try (MailUsers users = users(dir + "/%{user}", "~/Maildir")) {
            assertThat(users.store("maildir")).isSameAs(users.store("maildir"));
            try (UserMailboxes boxes = users.open(record("carol", null, Map.of()), "imap")) {
                boxes.create(MailboxPath.parse("Sent", '/'));
                assertThat(boxes.list()).extracting(e -> e.path().toString()).contains("INBOX", "Sent");
            }
            assertThat(dir.resolve("carol/Maildir")).isDirectory();
        }
    }

    @Test
    void anUnknownDriverIsATemporaryFailureNotACrash() {
        try (MailUsers users = users(dir + "/%{user}", "~/Maildir")) {
            assertThatThrownBy(() -> users.open(record("dave", null, Map.of("mail_driver", "nosuch")), "imap"))
                    .isInstanceOf(StoreException.class);
        }
    }
}
