package org.colombier.storage.sdbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
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
        Path root = home.resolve("sdbox");
        Map<Long, Long> acknowledged = CrashSafety.killWhileAppending("sdbox", root);

        try (SdboxStore store = new SdboxStore(new MailStoreSettings("sdbox", "optimized", Map.of()));
             UserMailboxes user = store.forUser(new MailUser("crash", home, root, Map.of()));
             Mailbox inbox = user.open(MailboxPath.INBOX)) {
            List<MessageInfo> all = CrashSafety.assertNothingLost(inbox, acknowledged);
            assertThat(all).extracting(MessageInfo::uid).isSorted().doesNotHaveDuplicates();
        }
    }
}
