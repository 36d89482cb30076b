package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.colombier.config.MailboxSettings;
import org.colombier.config.NamespaceSettings;
import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RFC 6154 mailboxes from {@code namespace inbox { mailbox X { special_use, auto } }}, and NAMESPACE. */
@Timeout(60)
class SpecialUseMailboxesTest {
    @TempDir
    Path dir;

    @Test
    void autoMailboxesAreCreatedAtLoginAndListedWithTheirSpecialUse() throws Exception {
        NamespaceSettings inbox = new NamespaceSettings("inbox", "private", "", '.', true, false, true, true, List.of(
                new MailboxSettings("Sent", "\\Sent", "subscribe"),
                new MailboxSettings("Trash", "\\Trash", "create"),
                new MailboxSettings("Junk", "\\Junk", "no")));
        try (ImapServerFixture fixture = ImapServerFixture.start(dir, TestConfig.noTls().namespaces(List.of(inbox)));
             LineClient c = fixture.login("alice")) {
            c.send("n NAMESPACE");
            assertThat(c.readUntil("n ")).containsExactly("* NAMESPACE ((\"\" \".\")) NIL NIL", "n OK Namespace completed.");
            c.send("l LIST \"\" *");
            assertThat(c.readUntil("l ")).containsExactlyInAnyOrder("* LIST (\\HasNoChildren) \".\" INBOX",
                    "* LIST (\\HasNoChildren \\Sent) \".\" Sent", "* LIST (\\HasNoChildren \\Trash) \".\" Trash",
                    "l OK List completed.");
            c.send("s LSUB \"\" *");
            assertThat(c.readUntil("s ")).containsExactly("* LSUB () \".\" Sent", "s OK Lsub completed.");
            c.send("u LIST (SPECIAL-USE) \"\" * RETURN (SUBSCRIBED)");
            assertThat(c.readUntil("u ")).containsExactlyInAnyOrder("* LIST (\\HasNoChildren \\Sent \\Subscribed) \".\" Sent",
                    "* LIST (\\HasNoChildren \\Trash) \".\" Trash", "u OK List completed.");
            c.send("h CREATE Work.2026");
            c.readUntil("h ");
            c.send("k LIST \"\" %");
            assertThat(c.readUntil("k ")).contains("* LIST (\\HasChildren) \".\" Work");
        }
    }
}
