/**
 * Outgoing mail: what delivery sends (Sieve redirects, vacation replies, rejection notices,
 * notifications) goes through a durable on-disk queue to the {@code submission_host} over SMTP,
 * from one background worker. A message leaves the queue only once the host accepted it or
 * refused it for good; refused ones are kept aside, never dropped.
 */
package org.colombier.server.submission;
