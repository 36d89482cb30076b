package org.colombier.storage.maildir;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreContract;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.StoreException;
import org.junit.jupiter.api.Timeout;

/** The storage contract, run against the maildir driver found by its name as the server finds it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MaildirStoreTest extends MailStoreContract {
    @Override
    protected MailStore openStore() throws StoreException {
        return MailStoreProvider.forDriver("maildir").open(new MailStoreSettings("maildir", "optimized", Map.of()));
    }
}
