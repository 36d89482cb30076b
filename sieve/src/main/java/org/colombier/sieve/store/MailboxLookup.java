package org.colombier.sieve.store;

/** Answers the RFC 5490 {@code mailboxexists} test from the user's storage. */
@FunctionalInterface
public interface MailboxLookup {
    boolean exists(String mailbox);
}
