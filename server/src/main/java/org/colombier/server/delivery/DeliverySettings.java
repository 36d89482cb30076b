package org.colombier.server.delivery;

import java.time.Duration;
import java.util.OptionalLong;

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
}
