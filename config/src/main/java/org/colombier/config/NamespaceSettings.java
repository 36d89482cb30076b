package org.colombier.config;

import java.util.List;

/** A {@code namespace NAME { ... }} section. */
public record NamespaceSettings(String name, String type, String prefix, char separator, boolean inbox,
                                boolean hidden, boolean list, boolean subscriptions, List<MailboxSettings> mailboxes) {
    public NamespaceSettings {
        mailboxes = List.copyOf(mailboxes);
    }
}
