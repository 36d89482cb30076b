package org.colombier.api.storage;

import java.util.ServiceLoader;

/**
 * A storage driver, found by its {@code mail_driver} name through {@link ServiceLoader}
 * ({@code META-INF/services/org.colombier.api.storage.MailStoreProvider}).
 */
public interface MailStoreProvider {
    /** The {@code mail_driver} name, e.g. {@code maildir} or {@code sdbox}. */
    String driver();

    MailStore open(MailStoreSettings settings) throws StoreException;

    /** The provider for {@code driver} on the class path. */
    static MailStoreProvider forDriver(String driver) throws StoreException {
        for (MailStoreProvider p : ServiceLoader.load(MailStoreProvider.class)) {
            if (p.driver().equals(driver)) {
                return p;
            }
        }
        throw new StoreException(StoreError.NOT_FOUND, "Unknown mail_driver: " + driver);
    }
}
