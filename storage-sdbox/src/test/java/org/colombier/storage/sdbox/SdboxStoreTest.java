package org.colombier.storage.sdbox;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreContract;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.StoreException;
import org.junit.jupiter.api.Timeout;

/** The storage contract, run against the sdbox driver found through ServiceLoader. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SdboxStoreTest extends MailStoreContract {
    @Override
    protected MailStore openStore() throws StoreException {
        return MailStoreProvider.forDriver("sdbox").open(new MailStoreSettings("sdbox", "optimized", Map.of()));
    }
}
