package org.colombier.doveadm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxEntry;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;

/** Mailbox name patterns ({@code *} anything, {@code %} anything but the separator; INBOX in any case) and the search loop. */
final class MailboxMatch {
    private MailboxMatch() {
    }

    static boolean matches(List<String> patterns, MailboxPath path, char separator) {
        if (patterns.isEmpty()) {
            return true;
        }
        String name = path.join(separator);
        for (String p : patterns) {
            StringBuilder regex = new StringBuilder();
            for (char c : p.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '%' ? "[^" + Pattern.quote(String.valueOf(separator)) + "]*"
                        : Pattern.quote(String.valueOf(c)));
            }
            // INBOX is case-insensitive in patterns, as in IMAP
            if (Pattern.matches(regex.toString(), name) || (path.isInbox()
                    && Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(name).matches())) {
                return true;
            }
        }
        return false;
    }

    /** The user's selectable mailboxes matching {@code patterns}, in listing order. */
    static List<MailboxPath> select(UserMailboxes mailboxes, List<String> patterns, char separator) throws StoreException {
        List<MailboxPath> paths = new ArrayList<>();
        for (MailboxEntry e : mailboxes.list()) {
            if (e.selectable() && matches(patterns, e.path(), separator)) {
                paths.add(e.path());
            }
        }
        return paths;
    }

    /** What to do with the matches of one mailbox, the mailbox still open. */
    @FunctionalInterface
    interface Found {
        void accept(Mailbox mailbox, List<Message> matches) throws StoreException;
    }

    /** Runs {@code query} over every mailbox it selects; each mailbox is opened once. */
    static void search(UserMailboxes mailboxes, SearchQuery query, char separator, Found found) throws StoreException {
        for (MailboxPath path : select(mailboxes, query.mailboxes, separator)) {
            try (Mailbox mailbox = mailboxes.open(path)) {
                List<Message> matches = new ArrayList<>();
                long seq = 0;
                // \Recent messages are the newest ones; doveadm looks without claiming them.
                MailboxStatus status = mailbox.status();
                long firstRecent = status.messages() - status.recent() + 1;
                for (MessageInfo info : mailbox.messages(UidSet.all())) {
                    ++seq;
                    Message m = new Message(mailbox, info, seq, seq >= firstRecent);
                    if (query.key.matches(m)) {
                        matches.add(m);
                    }
                }
                found.accept(mailbox, matches);
            }
        }
    }

    static UidSet uids(List<Message> messages) {
        return UidSet.of(messages.stream().map(m -> m.info.uid()).toList());
    }
}
