package org.colombier.server.delivery;

import java.util.Map;
import java.util.OptionalLong;

import org.colombier.api.storage.MailboxEntry;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.config.ConfigException;
import org.colombier.config.SettingValues;

/**
 * Dovecot's {@code count} quota: the sum of the sizes and the number of messages in all of a
 * user's mailboxes, against {@code quota_storage_size} and {@code quota_message_count} from the
 * userdb, else from the configuration.
 */
final class Quota {
    private final OptionalLong storageLimit;
    private final OptionalLong messageLimit;

    private Quota(OptionalLong storageLimit, OptionalLong messageLimit) {
        this.storageLimit = storageLimit;
        this.messageLimit = messageLimit;
    }

    /** The user's limits; a userdb value that does not parse is a temporary failure (and logged by the caller). */
    static Quota of(Map<String, String> userFields, DeliverySettings settings) throws StoreException {
        try {
            String storage = userFields.get("quota_storage_size");
            String messages = userFields.get("quota_message_count");
            return new Quota(
                    storage == null ? settings.storageLimit() : SettingValues.parseSize(storage, null, "quota_storage_size"),
                    messages == null ? settings.messageLimit() : SettingValues.parseUint(messages, null, "quota_message_count"));
        } catch (ConfigException e) {
            throw new StoreException(StoreError.TEMPORARY, "Invalid quota in userdb: " + e.getMessage(), e);
        }
    }

    boolean unlimited() {
        return limitless(storageLimit) && limitless(messageLimit);
    }

    /** Whether one more message of {@code size} bytes fits; with size 0, whether the user is below the limits. */
    boolean allows(UserMailboxes mailboxes, long size) throws StoreException {
        if (unlimited()) {
            return true;
        }
        long bytes = 0;
        long count = 0;
        for (MailboxEntry entry : mailboxes.list()) {
            if (entry.selectable()) {
                MailboxStatus status = mailboxes.status(entry.path());
                bytes += status.size();
                count += status.messages();
            }
        }
        boolean storageOk = limitless(storageLimit) || (size == 0 ? bytes < storageLimit.getAsLong()
                : bytes + size <= storageLimit.getAsLong());
        boolean countOk = limitless(messageLimit) || (size == 0 ? count < messageLimit.getAsLong()
                : count + 1 <= messageLimit.getAsLong());
        return storageOk && countOk;
    }

    /** 0 means no limit, as in Dovecot. */
    private static boolean limitless(OptionalLong limit) {
        return limit.isEmpty() || limit.getAsLong() == 0;
    }
}
