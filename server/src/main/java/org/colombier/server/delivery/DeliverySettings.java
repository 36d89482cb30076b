package org.colombier.server.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.Setting;
import org.colombier.config.SettingValues;
import org.colombier.config.SourceLocation;

/**
 * Delivery settings, read from the configuration (the {@code lmtp} protocol filter wins).
 *
 * @param hostname              the name in {@code Received:} headers
 * @param recipientDelimiter    {@code recipient_delimiter}: each character separates user and detail
 * @param saveToDetailMailbox   {@code lmtp_save_to_detail_mailbox}
 * @param rcptCheckQuota        {@code lmtp_rcpt_check_quota}
 * @param userConcurrencyLimit  {@code lmtp_user_concurrency_limit}; 0 = unlimited
 * @param concurrencyWait       how long a delivery waits for a busy user before failing temporarily
 * @param storageLimit          {@code quota_storage_size} unless the userdb says otherwise
 * @param messageLimit          {@code quota_message_count} unless the userdb says otherwise
 * @param quotaExceededMessage  {@code quota_exceeded_message}
 */
public record DeliverySettings(String hostname, String recipientDelimiter, boolean saveToDetailMailbox,
                               boolean rcptCheckQuota, int userConcurrencyLimit, Duration concurrencyWait,
                               OptionalLong storageLimit, OptionalLong messageLimit, String quotaExceededMessage) {
    /** How long a delivery waits for a user that already has the most deliveries running. */
    public static final Duration CONCURRENCY_WAIT = Duration.ofSeconds(5);

    /** The settings as the {@code lmtp} protocol sees them; a value that does not parse names its line. */
    public static DeliverySettings of(ColombierConfig config, String hostname) throws ConfigException {
        return new DeliverySettings(hostname,
                value(config, "recipient_delimiter", "+"),
                SettingValues.parseBool(value(config, "lmtp_save_to_detail_mailbox", "no"), where(config, "lmtp_save_to_detail_mailbox"),
                        "lmtp_save_to_detail_mailbox"),
                SettingValues.parseBool(value(config, "lmtp_rcpt_check_quota", "no"), where(config, "lmtp_rcpt_check_quota"),
                        "lmtp_rcpt_check_quota"),
                (int) Math.min(Integer.MAX_VALUE, SettingValues.parseUint(value(config, "lmtp_user_concurrency_limit", "10"),
                        where(config, "lmtp_user_concurrency_limit"), "lmtp_user_concurrency_limit").orElse(0)),
                CONCURRENCY_WAIT,
                SettingValues.parseSize(value(config, "quota_storage_size", "unlimited"), where(config, "quota_storage_size"),
                        "quota_storage_size"),
                SettingValues.parseUint(value(config, "quota_message_count", "unlimited"), where(config, "quota_message_count"),
                        "quota_message_count"),
                value(config, "quota_exceeded_message", "Quota exceeded (mailbox for user is full)"));
    }

    private static String value(ColombierConfig config, String name, String defaultValue) {
        return config.setting("lmtp", name).orElse(defaultValue);
    }

    private static SourceLocation where(ColombierConfig config, String name) {
        Setting s = config.perProtocol().getOrDefault("lmtp", Map.of()).get(name);
        if (s == null) {
            s = config.global().get(name);
        }
        return s == null ? null : s.where();
    }
}
