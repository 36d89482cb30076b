package org.colombier.api.storage.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.UserMailboxes;

/**
 * The child process of {@link CrashSafety}: {@code AppendLoop <driver> <root> <first number>}
 * appends numbered messages forever and prints {@code <number> <uid>} after each append returned,
 * until it is killed.
 */
public final class AppendLoop {
    private AppendLoop() {
    }

    static String body(long n) {
        return "From: loop@example.org\r\nSubject: message " + n + "\r\n\r\n" + "x".repeat((int) (n % 5000)) + "\r\nend " + n + "\r\n";
    }

    public static void main(String[] args) throws Exception {
        String driver = args[0];
        Path root = Path.of(args[1]);
        long start = Long.parseLong(args[2]);
        try (MailStore store = MailStoreProvider.forDriver(driver).open(new MailStoreSettings(driver, "optimized", Map.of()));
             UserMailboxes user = store.forUser(new MailUser("crash", root.getParent(), root, Map.of()));
             Mailbox inbox = user.open(MailboxPath.INBOX)) {
            for (long n = start; ; n++) {
                long uid = inbox.append(AppendRequest.of(MessageSource.of(body(n).getBytes(StandardCharsets.US_ASCII)))).uid();
                System.out.println(n + " " + uid);
                System.out.flush();
            }
        }
    }
}
