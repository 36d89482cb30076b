package org.colombier.config.mail;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.colombier.api.auth.UserRecord;
import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.template.Template;
import org.colombier.api.template.TemplateException;
import org.colombier.api.template.UserVariables;

/**
 * From a userdb record to the user's mail: {@code mail_home}, {@code mail_path} and
 * {@code mail_driver} from the configuration, each overridden by the userdb field of the same name
 * (and the userdb's home over {@code mail_home}), expanded with path-escape protection. One
 * {@link MailStore} per driver is shared by every protocol and session.
 */
public final class MailUsers implements AutoCloseable {
    private final MailStoreSettings settings;
    private final Map<String, MailStore> stores = new ConcurrentHashMap<>();

    /** @param settings {@code mail_*} settings as {@code ColombierConfig.mailStoreSettings} gives them */
    public MailUsers(MailStoreSettings settings) {
        this.settings = settings;
    }

    /** Where {@code record}'s mail is; a template that would leave its directory is NO_PERMISSION. */
    public MailUser mailUser(UserRecord record, String service) throws StoreException {
        Map<String, String> fields = record.fields();
        try {
            String home = record.home();
            String mailHome = fields.getOrDefault("mail_home", settings.options().get("mail_home"));
            if (home == null && mailHome != null && !mailHome.isBlank()) {
                home = Template.parse(mailHome).expandPath(vars(record.user(), null, service), null).toString();
            }
            String mailPath = fields.getOrDefault("mail_path", settings.option("mail_path", ""));
            if (mailPath.isBlank()) {
                throw new StoreException(StoreError.TEMPORARY, "mail_path is not set for " + record.user());
            }
            Path path = Template.parse(mailPath).expandPath(vars(record.user(), home, service), null);
            Map<String, String> extra = new HashMap<>(fields);
            extra.putIfAbsent("mail_driver", driverOf(record));
            return new MailUser(record.user(), home == null ? null : Path.of(home), path, extra);
        } catch (TemplateException e) {
            throw new StoreException(StoreError.NO_PERMISSION, "Invalid mail location for " + record.user() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Opens the user's mailboxes with the driver the config or the userdb names. */
    public UserMailboxes open(UserRecord record, String service) throws StoreException {
        MailUser user = mailUser(record, service);
        return store(driverOf(record)).forUser(user);
    }

    /** The store of {@code driver}, opened on first use. */
    public MailStore store(String driver) throws StoreException {
        MailStore store = stores.get(driver);
        if (store != null) {
            return store;
        }
        synchronized (stores) {
            store = stores.get(driver);
            if (store == null) {
                Map<String, String> options = new HashMap<>(settings.options());
                options.put("mail_driver", driver);
                store = MailStoreProvider.forDriver(driver)
                        .open(new MailStoreSettings(driver, settings.fsync(), options));
                stores.put(driver, store);
            }
            return store;
        }
    }

    private String driverOf(UserRecord record) {
        String driver = record.fields().get("mail_driver");
        if (driver == null || driver.isBlank()) {
            driver = settings.driver();
        }
        return driver == null || driver.isBlank() ? "maildir" : driver;
    }

    private static UserVariables vars(String user, String home, String service) {
        return new UserVariables(user, home, service == null ? Map.of() : Map.of("service", service));
    }

    @Override
    public void close() {
        stores.values().forEach(MailStore::close);
        stores.clear();
    }
}
