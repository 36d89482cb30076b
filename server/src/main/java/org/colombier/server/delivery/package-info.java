/**
 * Local delivery, independent of the protocol that received the message: recipients are resolved
 * through the userdb ({@code user+detail@domain}), {@link org.colombier.server.delivery.DeliveryRules}
 * (the Sieve interpreter, later) turn a message into {@link org.colombier.server.delivery.DeliveryAction}s,
 * and the actions are applied through a {@link org.colombier.server.delivery.DeliveryTarget} on the
 * user's mailboxes, with Dovecot's {@code count} quota and a per-user concurrency limit.
 */
package org.colombier.server.delivery;
