package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.CrashSafety;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a JVM in the middle of a stream of appends: every append that returned is there
 * with its UID and bytes, no partial message is visible, and no UID is ever given twice.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrashSafetyTest {
    @TempDir
    Path home;

    @Test
    void killedWhileAppendingLosesNoAcknowledgedMessageAndLeavesNoPartialOne() throws Exception {
        Path maildir = home.resolve("Maildir");
        Map<Long, Long> acknowledged = CrashSafety.killWhileAppending("maildir", maildir);

        try (MaildirStore store = new MaildirStore(new MailStoreSettings("maildir", "optimized", Map.of()));
             UserMailboxes user = store.forUser(new MailUser("crash", home, maildir, Map.of()));
             Mailbox inbox = user.open(MailboxPath.INBOX)) {
            CrashSafety.assertNothingLost(inbox, acknowledged);
            assertThat(uidListIsStrictlyIncreasing(maildir)).isTrue();
        }
        try (DirectoryStream<Path> visible = Files.newDirectoryStream(maildir.resolve("new"))) {
            for (Path p : visible) {
                String name = p.getFileName().toString();
                long declared = MaildirName.parse(name).size();
                assertThat(Files.size(p)).as("%s is whole", name).isEqualTo(declared);
            }
        }
    }

    private static boolean uidListIsStrictlyIncreasing(Path maildir) throws Exception {
        UidList list = UidList.read(maildir.resolve(UidList.FILE));
        long last = 0;
        for (UidList.Entry e : list.entries()) {
            if (e.uid() <= last) {
                return false;
            }
            last = e.uid();
        }
        return true;
    }
}
