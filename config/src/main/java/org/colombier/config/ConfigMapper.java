package org.colombier.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.template.Template;
import org.colombier.api.template.TemplateException;
import org.colombier.config.ConfTree.Entry;
import org.colombier.config.ConfTree.Section;
import org.colombier.config.KnownSettings.Kind;

/**
 * Holds the parsed tree in Commons Configuration and maps it to the typed, validated
 * {@link ColombierConfig}. Every section is either consumed or reported as a warning.
 */
final class ConfigMapper {
    private static final SourceLocation DEFAULT = SourceLocation.DEFAULT;

    private static final String WHERE = "where";
    private static final String NAME = "name";
    private static final String SECTION = "section";
    private static final String STRLIST = "strlist";
    private static final Map<String, Integer> WELL_KNOWN_PORTS = Map.of("imap", 143, "imaps", 993, "pop3", 110,
            "pop3s", 995, "lmtp", 24, "submission", 587, "submissions", 465, "sieve", 4190, "managesieve", 4190);
    /** Settings expanded per user with {@link Template}: checked here so a typo is a startup error with its line. */
    private static final List<String> TEMPLATE_SETTINGS = List.of("mail_path", "mail_home", "mail_inbox_path",
            "mail_index_path", "mail_control_path", "passwd_file_path", "postmaster_address");
    private static final List<String> SQL_HOST_FILTERS = List.of("mysql", "pgsql");
    private static final List<String> DRIVER_GLOBAL_PREFIXES = List.of("sql_", "sqlite_", "h2_", "mysql_", "pgsql_", "passwd_file_");
    /** Single global settings the drivers read: which schemes verify, where the state lives. */
    private static final List<String> DRIVER_GLOBALS = List.of("auth_allow_weak_schemes", "state_dir");

    private final HierarchicalConfiguration<ImmutableNode> conf;
    private final List<ConfigWarning> warnings;
    private final boolean checkFiles;
    private final Map<String, Setting> global = new LinkedHashMap<>();

    /**
     * @param checkFiles false for the embedded default, whose certificate the server creates on first start
     */
    ConfigMapper(Section root, List<ConfigWarning> warnings, boolean checkFiles) {
        this.conf = configuration(node(root));
        this.warnings = warnings;
        this.checkFiles = checkFiles;
    }

    private static ImmutableNode node(Section s) {
        ImmutableNode.Builder b = new ImmutableNode.Builder().name(s.isRoot() ? "dovecot" : s.type).addAttribute(SECTION, true);
        if (s.name != null) {
            b.addAttribute(NAME, s.name);
        }
        if (s.where != null) {
            b.addAttribute(WHERE, s.where);
        }
        if (s.listKind == Kind.STRLIST) {
            b.addAttribute(STRLIST, true);
        }
        for (Entry e : s.entries.values()) {
            b.addChild(new ImmutableNode.Builder().name(e.key()).value(e.value()).addAttribute(WHERE, e.where()).create());
        }
        s.children.forEach(child -> b.addChild(node(child)));
        return b.create();
    }

    ColombierConfig map(Path source) throws ConfigException {
        ImmutableNode root = rootOf(conf);
        validate(root);
        KnownSettings.defaults().forEach((name, value) -> global.put(name, new Setting(name, value, DEFAULT)));
        global.putAll(settingsOf(root));
        sqlHosts(conf, global);
        for (String name : TEMPLATE_SETTINGS) {
            template(global.get(name));
        }

        Map<String, Map<String, Setting>> perProtocol = new LinkedHashMap<>();
        List<ServiceSettings> services = new ArrayList<>();
        List<DriverSettings> passdbs = new ArrayList<>();
        List<DriverSettings> userdbs = new ArrayList<>();
        List<NamespaceSettings> namespaces = new ArrayList<>();
        List<SieveScriptSettings> sieveScripts = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> sec : sectionsOf(conf)) {
            String type = rootOf(sec).getNodeName();
            switch (type) {
                case "protocol" -> {
                    String name = requiredName(sec);
                    Map<String, Setting> settings = perProtocol.computeIfAbsent(name, k -> new LinkedHashMap<>());
                    settings.putAll(settingsOf(rootOf(sec)));
                    for (String t : TEMPLATE_SETTINGS) {
                        template(settings.get(t));
                    }
                    ignoreNested(sec);
                }
                case "service" -> services.add(service(sec));
                case "passdb", "userdb" -> (type.equals("passdb") ? passdbs : userdbs).add(driver(sec, type));
                case "namespace" -> namespaces.add(namespace(sec));
                case "sieve_script" -> sieveScripts.add(sieveScript(sec));
                case "mysql", "pgsql" -> ignoreNested(sec);
                default -> {
                    if (!isStrlist(sec)) {
                        ignored(sec);
                    }
                }
            }
        }
        return new ColombierConfig(source, ConfParser.split(value("protocols")), ConfParser.split(value("listen")),
                ssl(), auth(), mail(), services, passdbs, userdbs, namespaces, global, perProtocol, warnings, sieveScripts);
    }

    /**
     * Folds {@code mysql HOST { ... }} and {@code pgsql HOST { ... }} filters into {@code into}:
     * {@code mysql_host} lists every host, space-separated; their other settings apply to all.
     */
    private static void sqlHosts(HierarchicalConfiguration<ImmutableNode> parent, Map<String, Setting> into) throws ConfigException {
        for (HierarchicalConfiguration<ImmutableNode> sec : sectionsOf(parent)) {
            String type = rootOf(sec).getNodeName();
            if (!SQL_HOST_FILTERS.contains(type)) {
                continue;
            }
            String key = type + "_host";
            Setting before = into.get(key);
            String hosts = before == null || before.value().isEmpty() ? requiredName(sec) : before.value() + " " + requiredName(sec);
            into.putAll(settingsOf(rootOf(sec)));
            into.put(key, new Setting(key, hosts, where(sec)));
        }
    }

    // ---- global records

    private SslSettings ssl() throws ConfigException {
        Setting mode = global.get("ssl");
        SslMode ssl = SettingValues.sslMode(mode.value(), mode.where());
        Path cert = file("ssl_server_cert_file", ssl, mode);
        Path key = file("ssl_server_key_file", ssl, mode);
        return new SslSettings(ssl, cert, key, value("ssl_min_protocol"));
    }

    private Path file(String name, SslMode ssl, Setting mode) throws ConfigException {
        Setting s = global.get(name);
        if (s.value().isEmpty()) {
            if (ssl == SslMode.NO) {
                return null;
            }
            boolean byDefault = mode.where().equals(DEFAULT);
            throw new ConfigException(byDefault ? null : mode.where(),
                    "ssl = " + mode.value().toLowerCase(java.util.Locale.ROOT) + (byDefault ? " (the default)" : "")
                            + " needs " + name + " (or set ssl = no)");
        }
        Path path = path(s.value(), s.where(), name);
        if (checkFiles && ssl != SslMode.NO && !Files.isReadable(path)) {
            throw new ConfigException(s.where(), "cannot read " + name + " " + path);
        }
        return path;
    }

    private static Path path(String value, SourceLocation where, String name) throws ConfigException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(where, "invalid path '" + value + "' for " + name, e);
        }
    }

    private AuthSettings auth() throws ConfigException {
        return new AuthSettings(bool("auth_allow_cleartext"), ConfParser.split(value("auth_mechanisms")),
                bool("auth_allow_weak_schemes"),
                SettingValues.parseDuration(value("auth_failure_delay"), global.get("auth_failure_delay").where(), "auth_failure_delay"),
                authCache(), value("auth_master_user_separator"));
    }

    private AuthCacheSettings authCache() throws ConfigException {
        Setting size = global.get("auth_cache_size");
        return new AuthCacheSettings(
                SettingValues.parseSize(size.value(), size.where(), "auth_cache_size").orElse(Long.MAX_VALUE),
                duration("auth_cache_ttl"), duration("auth_cache_negative_ttl"));
    }

    private Duration duration(String name) throws ConfigException {
        return SettingValues.parseDuration(value(name), global.get(name).where(), name);
    }

    private MailSettings mail() throws ConfigException {
        Setting fsync = global.get("mail_fsync");
        if (!List.of("optimized", "always", "never").contains(fsync.value())) {
            throw new ConfigException(fsync.where(), "invalid mail_fsync '" + fsync.value() + "' (use optimized, always or never)");
        }
        String home = value("mail_home");
        return new MailSettings(value("mail_driver"), value("mail_path"), home.isEmpty() ? null : home, fsync.value());
    }

    // ---- sections

    private ServiceSettings service(HierarchicalConfiguration<ImmutableNode> sec) throws ConfigException {
        String name = requiredName(sec);
        List<InetListener> inet = new ArrayList<>();
        List<UnixListener> unix = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> l : sectionsOf(sec)) {
            switch (rootOf(l).getNodeName()) {
                case "inet_listener" -> {
                    ignoreNested(l);
                    InetListener listener = inetListener(l);
                    // As in Dovecot, port = 0 is how an admin turns a listener off (e.g. plaintext IMAP).
                    if (listener.port() != 0) {
                        inet.add(listener);
                    }
                }
                case "unix_listener" -> {
                    ignoreNested(l);
                    String path = requiredName(l);
                    Setting mode = setting(l, "unix_listener_mode");
                    unix.add(new UnixListener(path(path, where(l), "unix_listener"), SettingValues.parseOctal(mode.value(), mode.where(), "mode"), where(l)));
                }
                default -> ignored(l);
            }
        }
        return new ServiceSettings(name, inet, unix);
    }

    private InetListener inetListener(HierarchicalConfiguration<ImmutableNode> l) throws ConfigException {
        String name = requiredName(l);
        Setting port = setting(l, "inet_listener_port");
        int number;
        if (port.value().isEmpty()) {
            Integer known = WELL_KNOWN_PORTS.get(name);
            if (known == null) {
                throw new ConfigException(where(l), "inet_listener " + name + " has no port");
            }
            number = known;
        } else {
            number = SettingValues.parsePort(port.value(), port.where(), "port");
        }
        // Dovecot 2.4 writes the listener's addresses as "listen"; 2.3 wrote "address".
        String address = l.containsKey("listen") ? l.getString("listen") : setting(l, "inet_listener_address").value();
        List<String> addresses = ConfParser.split(address.isEmpty() ? value("listen") : address);
        return new InetListener(name, addresses, number, SettingValues.isTrue(setting(l, "inet_listener_ssl").value()), where(l));
    }

    private DriverSettings driver(HierarchicalConfiguration<ImmutableNode> sec, String type) throws ConfigException {
        String name = name(sec);
        Setting driverSetting = setting(sec, type + "_driver");
        String driver = driverSetting.value().isEmpty() ? name : driverSetting.value();
        if (driver == null) {
            throw new ConfigException(where(sec), type + " needs a name or a driver");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        global.forEach((k, s) -> {
            if (k.startsWith(type + "_") || DRIVER_GLOBALS.contains(k) || DRIVER_GLOBAL_PREFIXES.stream().anyMatch(k::startsWith)) {
                settings.put(k, s.value());
            }
        });
        Map<String, Setting> own = settingsOf(rootOf(sec));
        sqlHosts(sec, own);
        template(own.get("passwd_file_path"));
        own.forEach((k, s) -> settings.put(k, s.value()));
        for (HierarchicalConfiguration<ImmutableNode> child : sectionsOf(sec)) {
            if (!isStrlist(child) && !SQL_HOST_FILTERS.contains(rootOf(child).getNodeName())) {
                ignored(child);
            }
        }
        settings.remove(type + "_driver");
        // Drivers may read either the full 2.4 name or the short one written inside the section.
        String driverPrefix = type + "_" + driver.replace('-', '_') + "_";
        for (String k : List.copyOf(settings.keySet())) {
            for (String prefix : List.of(driverPrefix, type + "_")) {
                if (k.startsWith(prefix)) {
                    settings.putIfAbsent(k.substring(prefix.length()), settings.get(k));
                    break;
                }
            }
        }
        return new DriverSettings(driver, name == null ? driver : name, settings);
    }

    private NamespaceSettings namespace(HierarchicalConfiguration<ImmutableNode> sec) throws ConfigException {
        String name = requiredName(sec);
        Setting sep = setting(sec, "namespace_separator");
        char separator;
        if (sep.value().isEmpty()) {
            // Like Dovecot: the layout's own separator, '.' for Maildir++.
            boolean maildirPlusPlus = value("mail_driver").equals("maildir") && !value("mailbox_list_layout").equals("fs");
            separator = maildirPlusPlus ? '.' : '/';
        } else if (sep.value().length() == 1) {
            separator = sep.value().charAt(0);
        } else {
            throw new ConfigException(sep.where(), "namespace separator must be one character, not '" + sep.value() + "'");
        }
        List<MailboxSettings> mailboxes = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> m : sectionsOf(sec)) {
            if (!rootOf(m).getNodeName().equals("mailbox")) {
                ignored(m);
                continue;
            }
            ignoreNested(m);
            Setting auto = setting(m, "mailbox_auto");
            if (!List.of("no", "create", "subscribe").contains(auto.value())) {
                throw new ConfigException(auto.where(), "invalid auto '" + auto.value() + "' (use no, create or subscribe)");
            }
            String specialUse = setting(m, "mailbox_special_use").value();
            mailboxes.add(new MailboxSettings(requiredName(m), specialUse.isEmpty() ? null : specialUse, auto.value()));
        }
        return new NamespaceSettings(name, setting(sec, "namespace_type").value(), setting(sec, "namespace_prefix").value(),
                separator, bool(sec, "namespace_inbox"), bool(sec, "namespace_hidden"),
                !setting(sec, "namespace_list").value().equals("no"), bool(sec, "namespace_subscriptions"), mailboxes);
    }

    private SieveScriptSettings sieveScript(HierarchicalConfiguration<ImmutableNode> sec) throws ConfigException {
        String name = requiredName(sec);
        Setting path = setting(sec, "sieve_script_path");
        Setting active = setting(sec, "sieve_script_active_path");
        template(path);
        template(active);
        ignoreNested(sec);
        return new SieveScriptSettings(name, setting(sec, "sieve_script_type").value(), setting(sec, "sieve_script_driver").value(),
                path.value(), active.value().isEmpty() ? null : active.value(), where(sec));
    }

    // ---- helpers over the Commons Configuration tree

    private static ImmutableNode rootOf(HierarchicalConfiguration<ImmutableNode> c) {
        return c.getNodeModel().getNodeHandler().getRootNode();
    }

    private static boolean isSection(ImmutableNode n) {
        return n.getAttributes().containsKey(SECTION);
    }

    private static boolean isStrlist(HierarchicalConfiguration<ImmutableNode> c) {
        return rootOf(c).getAttributes().containsKey(STRLIST);
    }

    /** The sections directly inside {@code c}, each as a configuration of its own, in file order. */
    private static List<HierarchicalConfiguration<ImmutableNode>> sectionsOf(HierarchicalConfiguration<ImmutableNode> c) {
        List<HierarchicalConfiguration<ImmutableNode>> out = new ArrayList<>();
        for (ImmutableNode child : rootOf(c).getChildren()) {
            if (isSection(child)) {
                out.add(configuration(child));
            }
        }
        return out;
    }

    private static BaseHierarchicalConfiguration configuration(ImmutableNode root) {
        BaseHierarchicalConfiguration c = new BaseHierarchicalConfiguration();
        c.getNodeModel().setRootNode(root);
        // Values are Dovecot text: no ${...} interpolation, no list splitting.
        c.setInterpolator(null);
        return c;
    }

    /** The settings directly inside a section; a string list {@code NAME { k = v }} becomes {@code NAME/k}. */
    private static Map<String, Setting> settingsOf(ImmutableNode section) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (ImmutableNode n : section.getChildren()) {
            if (!isSection(n)) {
                out.put(n.getNodeName(), new Setting(n.getNodeName(), (String) n.getValue(), (SourceLocation) n.getAttributes().get(WHERE)));
            } else if (n.getAttributes().containsKey(STRLIST)) {
                for (ImmutableNode e : n.getChildren()) {
                    String key = n.getNodeName() + "/" + e.getNodeName();
                    out.put(key, new Setting(key, (String) e.getValue(), (SourceLocation) e.getAttributes().get(WHERE)));
                }
            }
        }
        return out;
    }

    /** A setting inside a section, else its global (or default) value. */
    private Setting setting(HierarchicalConfiguration<ImmutableNode> sec, String name) {
        if (sec.containsKey(name)) {
            return new Setting(name, sec.getString(name), (SourceLocation) sec.getProperty(name + "[@" + WHERE + "]"));
        }
        return global.getOrDefault(name, new Setting(name, "", DEFAULT));
    }

    private boolean bool(HierarchicalConfiguration<ImmutableNode> sec, String name) {
        return SettingValues.isTrue(setting(sec, name).value());
    }

    private boolean bool(String name) {
        return SettingValues.isTrue(value(name));
    }

    private String value(String name) {
        return global.get(name).value();
    }

    private static String name(HierarchicalConfiguration<ImmutableNode> sec) {
        return (String) rootOf(sec).getAttributes().get(NAME);
    }

    private static SourceLocation where(HierarchicalConfiguration<ImmutableNode> sec) {
        return (SourceLocation) rootOf(sec).getAttributes().get(WHERE);
    }

    private static String requiredName(HierarchicalConfiguration<ImmutableNode> sec) throws ConfigException {
        String name = name(sec);
        if (name == null || name.isEmpty()) {
            throw new ConfigException(where(sec), rootOf(sec).getNodeName() + " section needs a name");
        }
        return name;
    }

    /** Warns about the sections inside {@code sec}; string lists were read as {@code NAME/key} settings. */
    private void ignoreNested(HierarchicalConfiguration<ImmutableNode> sec) {
        for (HierarchicalConfiguration<ImmutableNode> child : sectionsOf(sec)) {
            if (!isStrlist(child)) {
                ignored(child);
            }
        }
    }

    private void ignored(HierarchicalConfiguration<ImmutableNode> sec) {
        String title = rootOf(sec).getNodeName() + Optional.ofNullable(name(sec)).map(n -> " " + n).orElse("");
        warnings.add(new ConfigWarning(where(sec), "section '" + title + "' is not supported here; its settings are ignored"));
    }

    private static void template(Setting s) throws ConfigException {
        if (s == null || s.value().isEmpty()) {
            return;
        }
        try {
            Template.parse(s.value());
        } catch (TemplateException e) {
            throw new ConfigException(s.where(), s.name() + ": " + e.getMessage(), e);
        }
    }

    /** Checks every value against its setting's kind, wherever it was written. */
    private static void validate(ImmutableNode section) throws ConfigException {
        if (section.getAttributes().containsKey(STRLIST)) {
            return;
        }
        for (ImmutableNode n : section.getChildren()) {
            if (isSection(n)) {
                validate(n);
            } else {
                Optional<KnownSettings.Definition> def = KnownSettings.lookup(n.getNodeName());
                if (def.isPresent()) {
                    SettingValues.check(def.get().kind(), (String) n.getValue(), (SourceLocation) n.getAttributes().get(WHERE), n.getNodeName());
                }
            }
        }
    }
}
