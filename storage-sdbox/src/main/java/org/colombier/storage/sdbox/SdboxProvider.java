package org.colombier.storage.sdbox;

import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;

/** {@code mail_driver = sdbox}. */
public final class SdboxProvider implements MailStoreProvider {
    @Override
    public String driver() {
        return "sdbox";
    }

    @Override
    public MailStore open(MailStoreSettings settings) {
        return new SdboxStore(settings);
    }
}
