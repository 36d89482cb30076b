package org.colombier.storage.sdbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.Doveadm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Writers share Dovecot's index lock: a held lock means IN_USE after the timeout, never a torn log. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LockingTest {
    @TempDir
    Path home;

    private static MessageSource message(String s) {
        return MessageSource.of(("Subject: " + s + "\r\n\r\n" + s + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aWriterWaitsForTheIndexLockOfAnotherProcessAndGivesUpWithInUse() throws Exception {
        Path root = home.resolve("sdbox");
        try (SdboxStore store = new SdboxStore(new MailStoreSettings("sdbox", "optimized", Map.of("sdbox_lock_timeout", "1")));
             UserMailboxes user = store.forUser(new MailUser("alice", home, root, Map.of()));
             Mailbox inbox = user.open(MailboxPath.INBOX)) {
            long first = inbox.append(AppendRequest.of(message("before"))).uid();
            Path log = root.resolve("mailboxes/INBOX/dbox-Mails").resolve(TransactionLog.FILE);
            Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HoldIndexLock.class.getName(), log.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(out.readLine()).isEqualTo("locked");
                assertThatThrownBy(() -> inbox.append(AppendRequest.of(message("blocked"))))
                        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.IN_USE));
                // readers take no lock, as in Dovecot
                assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactly(first);
            } finally {
                holder.getOutputStream().close();
                assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            long after = inbox.append(AppendRequest.of(message("after"))).uid();
            assertThat(after).isEqualTo(first + 1); // the refused append took no UID
        }
    }

    @Test
    void weAndDovecotAppendingAtTheSameTimeGetDistinctUidsAndSeeTheSameMailbox() throws Exception {
        Doveadm dove = SdboxDoveadm.forHome(home);
        try (SdboxStore store = new SdboxStore(new MailStoreSettings("sdbox", "optimized", Map.of()));
             UserMailboxes user = store.forUser(new MailUser("alice", home, dove.root(), Map.of()));
             Mailbox inbox = user.open(MailboxPath.INBOX)) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> dovecot = pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        dove.save("INBOX", "Subject: dovecot " + i + "\r\n\r\nfrom dovecot\r\n");
                    }
                    return null;
                });
                List<Long> ours = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    ours.add(inbox.append(AppendRequest.of(message("ours " + i))).uid());
                }
                dovecot.get(200, TimeUnit.SECONDS);
                assertThat(ours).doesNotHaveDuplicates().isSorted();
            } finally {
                pool.shutdownNow();
            }
            List<MessageInfo> all = inbox.messages(UidSet.all());
            assertThat(all).hasSize(75).extracting(MessageInfo::uid).doesNotHaveDuplicates();
            assertThat(dove.uidsAndFlags("INBOX").keySet()).isEqualTo(Set.copyOf(all.stream().map(MessageInfo::uid).toList()));
            assertThat(inbox.status().uidNext()).isEqualTo(Long.parseLong(dove.status("INBOX").get("uidnext")));
        }
    }
}
