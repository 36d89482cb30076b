package org.colombier.server.pop3;

import java.time.Duration;
import java.util.Map;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.Setting;
import org.colombier.config.SettingValues;
import org.colombier.config.SourceLocation;

/**
 * The POP3 settings, as Dovecot names them, read from the {@code protocol pop3 { }} view.
 *
 * @param uidlFormat      {@code pop3_uidl_format}
 * @param noFlagUpdates   {@code pop3_no_flag_updates}: RETR leaves {@code \Seen} alone
 * @param deletedFlag     {@code pop3_deleted_flag}: a keyword set instead of expunging, and hidden from
 *                        later sessions; null when unset
 * @param lockSession     {@code pop3_lock_session}: one POP3 session per user at a time
 * @param apop            APOP is offered: {@code auth_mechanisms} names it (as in Dovecot) and a
 *                        passdb that can hand out stored passwords is configured (any but PAM)
 * @param loginDelay      {@code pop3_login_delay} (a Colombier extension): the RFC 2449 LOGIN-DELAY, the
 *                        shortest time between two POP3 logins of one user; zero when off
 * @param sessionTimeout  inactivity after login before the autologout (RFC 1939 3: at least 10 minutes)
 * @param writeTimeout    how long a client may leave a message transfer unread before it is disconnected
 */
public record Pop3Settings(UidlFormat uidlFormat, boolean noFlagUpdates, String deletedFlag, boolean lockSession,
                           boolean apop, Duration loginDelay, Duration sessionTimeout, Duration writeTimeout) {

    /** Dovecot's POP3 autologout. */
    public static final Duration SESSION_TIMEOUT = Duration.ofMinutes(10);

    /** The settings of {@code config}; {@code writeTimeout} is a server option, not a Dovecot setting. */
    public static Pop3Settings of(ColombierConfig config, Duration writeTimeout) throws ConfigException {
        String format = config.setting("pop3", "pop3_uidl_format").orElse(UidlFormat.DEFAULT);
        UidlFormat uidlFormat;
        try {
            uidlFormat = UidlFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(config, "pop3_uidl_format"), e.getMessage());
        }
        String deleted = config.setting("pop3", "pop3_deleted_flag").orElse("").strip();
        if (!deleted.isEmpty() && !isAtom(deleted)) {
            throw new ConfigException(where(config, "pop3_deleted_flag"),
                    "pop3_deleted_flag must be a keyword (an IMAP atom, not a system flag): " + deleted);
        }
        Duration loginDelay = SettingValues.parseDuration(config.setting("pop3", "pop3_login_delay").orElse("0"),
                where(config, "pop3_login_delay"), "pop3_login_delay");
        boolean apop = config.auth().mechanisms().stream().anyMatch(m -> m.equalsIgnoreCase("apop"))
                && config.passdbs().stream().anyMatch(p -> !p.driver().equals("pam"));
        return new Pop3Settings(uidlFormat,
                SettingValues.isTrue(config.setting("pop3", "pop3_no_flag_updates").orElse("no")),
                deleted.isEmpty() ? null : deleted,
                SettingValues.isTrue(config.setting("pop3", "pop3_lock_session").orElse("no")),
                apop, loginDelay, SESSION_TIMEOUT, writeTimeout);
    }

    /** An IMAP keyword: printable ASCII without atom-specials, so no system flag either. */
    private static boolean isAtom(String keyword) {
        return keyword.chars().allMatch(c -> c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0);
    }

    private static SourceLocation where(ColombierConfig config, String name) {
        Setting s = config.perProtocol().getOrDefault("pop3", Map.of()).get(name);
        if (s == null) {
            s = config.global().get(name);
        }
        return s == null ? null : s.where();
    }
}
