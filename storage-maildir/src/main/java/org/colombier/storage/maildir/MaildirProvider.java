package org.colombier.storage.maildir;

import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.StoreException;

/** The {@code maildir} storage driver. */
public final class MaildirProvider implements MailStoreProvider {
    @Override
    public String driver() {
        return "maildir";
    }

    @Override
    public MailStore open(MailStoreSettings settings) throws StoreException {
        return new MaildirStore(settings);
    }
}
