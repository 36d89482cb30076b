package org.colombier.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.colombier.api.auth.DriverSettings;
import org.colombier.api.storage.MailStoreSettings;

/**
 * A validated configuration: typed records for what the server wires, plus every effective
 * setting by name (global, and per {@code protocol NAME { }} filter) for the modules that read more.
 *
 * @param source     the file it was read from, or null for the embedded default
 * @param protocols  {@code protocols}
 * @param listen     {@code listen}: default addresses for every inet listener
 * @param global     every setting outside protocol filters by full name, defaults included (located at
 *                   {@code <default>:0}); a top-level {@code NAME { k = v }} string list appears as {@code NAME/k}
 * @param perProtocol settings inside {@code protocol NAME { }}, by protocol, then name
 * @param warnings   unknown settings and other things the admin should see at startup
 * @param sieveScripts the {@code sieve_script NAME { }} sections, in file order
 */
public record ColombierConfig(Path source, List<String> protocols, List<String> listen, SslSettings ssl,
                              AuthSettings auth, MailSettings mail, List<ServiceSettings> services,
                              List<DriverSettings> passdbs, List<DriverSettings> userdbs,
                              List<NamespaceSettings> namespaces, Map<String, Setting> global,
                              Map<String, Map<String, Setting>> perProtocol, List<ConfigWarning> warnings,
                              List<SieveScriptSettings> sieveScripts) {
    public ColombierConfig {
        protocols = List.copyOf(protocols);
        listen = List.copyOf(listen);
        services = List.copyOf(services);
        passdbs = List.copyOf(passdbs);
        userdbs = List.copyOf(userdbs);
        namespaces = List.copyOf(namespaces);
        global = Map.copyOf(global);
        perProtocol = Map.copyOf(perProtocol);
        warnings = List.copyOf(warnings);
        sieveScripts = List.copyOf(sieveScripts);
    }

    /** The shape before Sieve scripts were added; kept so existing callers compile. */
    public ColombierConfig(Path source, List<String> protocols, List<String> listen, SslSettings ssl,
                           AuthSettings auth, MailSettings mail, List<ServiceSettings> services,
                           List<DriverSettings> passdbs, List<DriverSettings> userdbs,
                           List<NamespaceSettings> namespaces, Map<String, Setting> global,
                           Map<String, Map<String, Setting>> perProtocol, List<ConfigWarning> warnings) {
        this(source, protocols, listen, ssl, auth, mail, services, passdbs, userdbs, namespaces, global, perProtocol,
                warnings, List.of());
    }

    /** True when this is the built-in default that {@code bin/colombier} runs with no {@code -c}. */
    public boolean embedded() {
        return source == null;
    }

    /** A setting's value as seen by {@code protocol}: the protocol filter wins over the global value. */
    public Optional<String> setting(String protocol, String name) {
        Setting s = perProtocol.getOrDefault(protocol, Map.of()).get(name);
        if (s == null) {
            s = global.get(name);
        }
        return Optional.ofNullable(s).map(Setting::value);
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(global.get(name)).map(Setting::value);
    }

    /**
     * What a mail storage driver gets for {@code protocol} (null for none): {@code mail_driver},
     * {@code mail_fsync}, and every {@code mail_*}, {@code mailbox_*}, {@code maildir_*} and
     * {@code *dbox_*} setting as options.
     */
    public MailStoreSettings mailStoreSettings(String protocol) {
        Map<String, String> options = new HashMap<>();
        Map<String, Setting> own = protocol == null ? Map.of() : perProtocol.getOrDefault(protocol, Map.of());
        for (Map<String, Setting> level : List.of(global, own)) {
            level.forEach((name, s) -> {
                if (name.startsWith("mail_") || name.startsWith("mailbox_") || name.startsWith("maildir_") || name.contains("dbox_")) {
                    options.put(name, s.value());
                }
            });
        }
        return new MailStoreSettings(options.get("mail_driver"), options.get("mail_fsync"), options);
    }
}
