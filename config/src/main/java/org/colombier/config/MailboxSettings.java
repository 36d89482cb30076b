package org.colombier.config;

/**
 * A {@code mailbox NAME { ... }} inside a namespace.
 *
 * @param specialUse {@code special_use}, e.g. {@code \Sent}, or null
 * @param auto       {@code auto}: {@code no}, {@code create} or {@code subscribe}
 */
public record MailboxSettings(String name, String specialUse, String auto) {
}
