package org.colombier.server.delivery;

import org.colombier.api.auth.UserRecord;

/**
 * A recipient accepted at RCPT time.
 *
 * @param address the address as the MTA gave it, detail included
 * @param detail  what followed the {@code recipient_delimiter}, or {@code ""}
 * @param user    the userdb's record of the mailbox owner
 */
public record Recipient(String address, String detail, UserRecord user) {
}
