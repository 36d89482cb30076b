package org.colombier.api.storage;

/** A storage driver opened with its settings; hands out users' mailboxes. */
public interface MailStore extends AutoCloseable {
    UserMailboxes forUser(MailUser user) throws StoreException;

    @Override
    void close();
}
