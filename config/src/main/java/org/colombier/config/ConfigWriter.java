package org.colombier.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.colombier.api.auth.DriverSettings;

/**
 * Writes a configuration back in dovecot.conf syntax, like {@code doveconf} (every setting) or
 * {@code doveconf -n} (only what differs from the defaults). The output parses back to the same
 * effective settings.
 */
public final class ConfigWriter {
    private static final String INDENT = "  ";

    private ConfigWriter() {
    }

    public static String dump(ColombierConfig config, boolean onlyNonDefaults) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(onlyNonDefaults ? "Settings that differ from the defaults" : "Every effective setting")
                .append(config.source() == null ? " (built-in default)" : " of " + config.source()).append('\n');
        Map<String, String> global = new TreeMap<>();
        config.global().forEach((name, s) -> {
            boolean isDefault = KnownSettings.defaultValue(name).filter(s.value()::equals).isPresent();
            if (!(onlyNonDefaults && isDefault) && !isEmptyList(name, s.value())) {
                global.put(name, s.value());
            }
        });
        // Dovecot requires the version first.
        String version = global.remove("dovecot_config_version");
        if (version != null) {
            setting(out, "", "dovecot_config_version", version);
        }
        settings(out, "", global);
        new TreeMap<>(config.perProtocol()).forEach((protocol, settings) -> {
            Map<String, String> values = new TreeMap<>();
            settings.forEach((name, s) -> values.put(name, s.value()));
            open(out, "", "protocol", protocol);
            settings(out, INDENT, values);
            out.append("}\n");
        });
        for (DriverSettings d : config.passdbs()) {
            driver(out, "passdb", d, config);
        }
        for (DriverSettings d : config.userdbs()) {
            driver(out, "userdb", d, config);
        }
        for (NamespaceSettings ns : config.namespaces()) {
            namespace(out, ns, config, onlyNonDefaults);
        }
        for (ServiceSettings service : config.services()) {
            service(out, service, config, onlyNonDefaults);
        }
        for (SieveScriptSettings script : config.sieveScripts()) {
            open(out, "", "sieve_script", script.name());
            for (String[] field : new String[][] {{"type", script.type()}, {"driver", script.driver()}}) {
                if (!onlyNonDefaults || !config.setting("sieve_script_" + field[0]).orElse("").equals(field[1])) {
                    setting(out, INDENT, field[0], field[1]);
                }
            }
            setting(out, INDENT, "path", script.path());
            if (script.activePath() != null) {
                setting(out, INDENT, "active_path", script.activePath());
            }
            out.append("}\n");
        }
        return out.toString();
    }

    private static boolean isEmptyList(String name, String value) {
        return value.isEmpty() && KnownSettings.lookup(name).map(d -> d.kind() == KnownSettings.Kind.STRLIST).orElse(false);
    }

    private static void driver(StringBuilder out, String type, DriverSettings d, ColombierConfig config) {
        open(out, "", type, d.name());
        setting(out, INDENT, "driver", d.driver());
        String driverPrefix = type + "_" + d.driver().replace('-', '_') + "_";
        Map<String, String> own = new TreeMap<>();
        d.settings().forEach((key, value) -> {
            boolean alias = d.settings().containsKey(driverPrefix + key) || d.settings().containsKey(type + "_" + key);
            boolean inherited = config.global().containsKey(key) && config.global().get(key).value().equals(value);
            if (!alias && !inherited) {
                own.put(key, value);
            }
        });
        settings(out, INDENT, own);
        out.append("}\n");
    }

    private static void namespace(StringBuilder out, NamespaceSettings ns, ColombierConfig config, boolean onlyNonDefaults) {
        open(out, "", "namespace", ns.name());
        Map<String, String> values = new TreeMap<>();
        values.put("type", ns.type());
        values.put("prefix", ns.prefix());
        values.put("inbox", yesNo(ns.inbox()));
        values.put("hidden", yesNo(ns.hidden()));
        values.put("list", yesNo(ns.list()));
        values.put("subscriptions", yesNo(ns.subscriptions()));
        values.forEach((key, value) -> {
            if (!onlyNonDefaults || !config.setting("namespace_" + key).orElse("").equals(value)) {
                setting(out, INDENT, key, value);
            }
        });
        setting(out, INDENT, "separator", String.valueOf(ns.separator()));
        String defaultAuto = config.setting("mailbox_auto").orElse("no");
        for (MailboxSettings mailbox : ns.mailboxes()) {
            open(out, INDENT, "mailbox", mailbox.name());
            if (mailbox.specialUse() != null) {
                setting(out, INDENT + INDENT, "special_use", mailbox.specialUse());
            }
            if (!onlyNonDefaults || !mailbox.auto().equals(defaultAuto)) {
                setting(out, INDENT + INDENT, "auto", mailbox.auto());
            }
            out.append(INDENT).append("}\n");
        }
        out.append("}\n");
    }

    private static void service(StringBuilder out, ServiceSettings service, ColombierConfig config, boolean onlyNonDefaults) {
        open(out, "", "service", service.name());
        for (InetListener l : service.inetListeners()) {
            open(out, INDENT, "inet_listener", l.name());
            if (!l.addresses().equals(config.listen())) {
                setting(out, INDENT + INDENT, "listen", String.join(", ", l.addresses()));
            }
            setting(out, INDENT + INDENT, "port", String.valueOf(l.port()));
            if (l.ssl() || !onlyNonDefaults) {
                setting(out, INDENT + INDENT, "ssl", yesNo(l.ssl()));
            }
            out.append(INDENT).append("}\n");
        }
        for (UnixListener l : service.unixListeners()) {
            open(out, INDENT, "unix_listener", l.path().toString());
            setting(out, INDENT + INDENT, "mode", String.format("%04o", l.mode()));
            out.append(INDENT).append("}\n");
        }
        out.append("}\n");
    }

    /** Writes settings in order; {@code list/key} names are grouped into {@code list { key = value }}. */
    private static void settings(StringBuilder out, String indent, Map<String, String> values) {
        Map<String, Map<String, String>> lists = new TreeMap<>();
        List<String> plain = new ArrayList<>();
        values.forEach((name, value) -> {
            int slash = name.indexOf('/');
            boolean inList = slash > 0 && KnownSettings.lookup(name.substring(0, slash))
                    .filter(d -> d.kind() == KnownSettings.Kind.STRLIST).isPresent();
            if (inList) {
                lists.computeIfAbsent(name.substring(0, slash), k -> new TreeMap<>()).put(name.substring(slash + 1), value);
            } else {
                plain.add(name);
            }
        });
        plain.forEach(name -> setting(out, indent, name, values.get(name)));
        lists.forEach((list, entries) -> {
            out.append(indent).append(list).append(" {\n");
            entries.forEach((key, value) -> setting(out, indent + INDENT, key, value));
            out.append(indent).append("}\n");
        });
    }

    private static void open(StringBuilder out, String indent, String type, String name) {
        out.append(indent).append(type).append(' ').append(quoteName(name)).append(" {\n");
    }

    private static void setting(StringBuilder out, String indent, String name, String value) {
        out.append(indent).append(quoteName(name)).append(" =");
        if (!value.isEmpty()) {
            out.append(' ').append(quoteValue(value));
        }
        out.append('\n');
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /** Bare when it reads back unchanged; otherwise double-quoted with backslash escapes. */
    static String quoteValue(String value) {
        boolean bare = value.equals(value.strip()) && !value.startsWith("<") && !value.endsWith("\\")
                && value.chars().noneMatch(ch -> "#\"'$".indexOf(ch) >= 0 || ch < 0x20);
        return bare ? value : quote(value);
    }

    private static String quoteName(String name) {
        boolean bare = !name.isEmpty() && name.chars().noneMatch(ch -> "={}#\"'".indexOf(ch) >= 0 || Character.isWhitespace(ch) || ch < 0x20);
        return bare ? name : quote(name);
    }

    private static String quote(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\\', '"' -> b.append('\\').append(ch);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
