package org.colombier.server.imap;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.MailboxSettings;
import org.colombier.config.NamespaceSettings;
import org.colombier.config.SettingValues;
import org.colombier.config.SourceLocation;
import org.colombier.server.imap.protocol.ImapLimits;

/**
 * The IMAP settings of a configuration.
 *
 * @param prefix            the personal namespace prefix (the inbox namespace's {@code prefix})
 * @param separator         its hierarchy separator
 * @param mailboxes         {@code mailbox NAME { special_use, auto }} of the inbox namespace, by name
 * @param autologout        an authenticated client silent this long is logged out (RFC 3501: at least 30 min)
 * @param idleNotify        {@code imap_idle_notify_interval}: how often an idling client hears {@code * OK Still here}
 */
public record ImapConfig(ImapLimits limits, String prefix, char separator, Map<String, MailboxSettings> mailboxes,
                         Duration autologout, Duration idleNotify) {
    public static final Duration AUTOLOGOUT = Duration.ofMinutes(30);
    public static final Duration IDLE_NOTIFY = Duration.ofMinutes(2);

    public ImapConfig {
        mailboxes = Map.copyOf(mailboxes);
    }

    /**
     * @param maxAppendSize the largest message APPEND saves ({@code quota_mail_size}), advertised as
     *                      {@code APPENDLIMIT} (RFC 7889)
     */
    public static ImapConfig of(ColombierConfig config, int maxLineLength, long maxAppendSize) throws ConfigException {
        NamespaceSettings inbox = config.namespaces().stream().filter(NamespaceSettings::inbox).findFirst()
                .orElse(config.namespaces().isEmpty() ? null : config.namespaces().get(0));
        Map<String, MailboxSettings> boxes = new TreeMap<>();
        String prefix = "";
        char separator = '/';
        if (inbox != null) {
            prefix = inbox.prefix() == null ? "" : inbox.prefix();
            separator = inbox.separator() == 0 ? '/' : inbox.separator();
            for (MailboxSettings m : inbox.mailboxes()) {
                boxes.put(m.name(), m);
            }
        }
        ImapLimits defaults = ImapLimits.defaults();
        ImapLimits limits = new ImapLimits(maxLineLength, defaults.maxLiteralSize(), maxAppendSize,
                defaults.spoolThreshold(), defaults.maxNesting(), defaults.maxDiscard(), null);
        String notify = config.setting("imap", "imap_idle_notify_interval").orElse(null);
        Duration idleNotify = notify == null ? IDLE_NOTIFY
                : SettingValues.parseDuration(notify, SourceLocation.DEFAULT, "imap_idle_notify_interval");
        return new ImapConfig(limits, prefix, separator, boxes, AUTOLOGOUT, idleNotify);
    }

    /** The special-use attribute configured for the mailbox {@code name}, or null. */
    public String specialUse(String name) {
        MailboxSettings m = mailboxes.get(name);
        return m == null || m.specialUse() == null || m.specialUse().isBlank() ? null
                : m.specialUse().strip().split("\\s+")[0];
    }

    /** Mailboxes with {@code auto = create} or {@code auto = subscribe}. */
    public List<MailboxSettings> autoMailboxes() {
        return mailboxes.values().stream()
                .filter(m -> m.auto() != null && !m.auto().toLowerCase(Locale.ROOT).equals("no"))
                .toList();
    }
}
