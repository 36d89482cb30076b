package org.colombier.doveadm;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.ConfigLoader;
import org.colombier.config.ConfigWriter;
import org.colombier.config.Setting;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Dovecot's doveconf options, shared by {@code bin/doveconf} and {@code doveadm config} (which is
 * doveconf in Dovecot 2.4): {@code -c FILE}, {@code -a}, {@code -n}, {@code -h}, {@code -P},
 * {@code -x}, {@code -f protocol=NAME} and setting or section names.
 */
final class DoveconfOptions {
    /** Where the configuration comes from when {@code -c} is not given. */
    interface ConfigSource {
        ColombierConfig load() throws ConfigException;
    }

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "-c", paramLabel = "FILE", description = "Configuration file (default: the embedded default).")
    Path configFile;

    @Option(names = "-a", description = "Show all settings, defaults included.")
    boolean all;

    @Option(names = "-n", description = "Show only settings that differ from the defaults "
            + "(the default when no setting or section is named).")
    boolean onlyNonDefaults;

    @Option(names = "-h", description = "Show only the values of the named settings, without their names.")
    boolean hideNames;

    @Option(names = "-P", description = "Show passwords and other secrets (hidden by default).")
    boolean showSecrets;

    @Option(names = "-x", description = "Expand $SET references and <FILE values (Colombier always shows them expanded).")
    boolean expand;

    @Option(names = "-f", paramLabel = "FILTER", description = "Show the settings as a filter sees them: protocol=NAME "
            + "(service=NAME is the same).")
    List<String> filters = new ArrayList<>();

    @Parameters(paramLabel = "NAME", description = "Settings (mail_path, service/imap-login/inet_listener/imap/port) "
            + "or sections (passdb, service/imap-login) to show.")
    List<String> names = new ArrayList<>();

    /**
     * Prints what the options ask for, from {@code -c FILE} or else {@code fallback}; with
     * {@code allByDefault} (the old {@code config dump}) a plain run shows every setting. Returns
     * the exit status; errors are doveconf's {@code Fatal: ...} with status 89, as Dovecot's
     * {@code i_fatal}.
     */
    int print(ConfigSource fallback, boolean allByDefault, PrintWriter out, PrintWriter err) {
        ColombierConfig seen;
        try {
            seen = filtered(configFile != null ? ConfigLoader.load(configFile) : fallback.load());
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("doveconf: Fatal: " + e.getMessage());
            return Doveadm.EX_CONFIG;
        }
        boolean onlyChanged = onlyNonDefaults || (!all && !allByDefault && names.isEmpty());
        String dump = ConfigWriter.dump(seen, onlyChanged);
        DumpTree tree = new DumpTree(dump);
        if (names.isEmpty()) {
            out.print(dump.substring(0, dump.indexOf('\n') + 1));
            tree.print(out, showSecrets);
            out.flush();
            return Doveadm.EX_OK;
        }
        // A named setting shows its value even when it is the default; -n only trims sections.
        DumpTree every = onlyChanged ? new DumpTree(ConfigWriter.dump(seen, false)) : tree;
        Map<String, String> defaults = ConfigLoader.defaults();
        int status = Doveadm.EX_OK;
        for (String name : names) {
            DumpTree.Setting setting = every.setting(name);
            List<DumpTree.Section> sections = tree.sections(name);
            if (setting != null) {
                String value = DumpTree.shown(setting, setting.value(), showSecrets);
                out.println(hideNames ? value : name + " = " + value);
            } else if (!sections.isEmpty()) {
                sections.forEach(section -> DumpTree.print(out, section, "", showSecrets));
            } else if (defaults.containsKey(name)) {
                // a known setting the dump leaves out (an empty list): its default, as doveconf answers
                out.println(hideNames ? defaults.get(name) : name + " = " + defaults.get(name));
            } else {
                err.println("doveconf: Fatal: Unknown setting: " + name);
                status = Doveadm.EX_CONFIG;
                break;
            }
        }
        out.flush();
        return status;
    }

    /** The configuration as {@code -f protocol=NAME} sees it: that protocol's settings applied, no protocol blocks. */
    private ColombierConfig filtered(ColombierConfig c) {
        String protocol = null;
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            String key = eq < 0 ? filter : filter.substring(0, eq);
            String value = eq < 0 ? "" : filter.substring(eq + 1);
            switch (key) {
                case "protocol", "service" -> protocol = value;
                case "local", "remote", "local_name", "lname" ->
                    throw new IllegalArgumentException("Filter " + key + " is not supported (only protocol=NAME)");
                default -> throw new IllegalArgumentException("Unknown filter argument: " + filter);
            }
        }
        if (protocol == null) {
            return c;
        }
        Map<String, Setting> global = new HashMap<>(c.global());
        global.putAll(c.perProtocol().getOrDefault(protocol, Map.of()));
        return new ColombierConfig(c.source(), c.protocols(), c.listen(), c.ssl(), c.auth(), c.mail(), c.services(),
                c.passdbs(), c.userdbs(), c.namespaces(), global, Map.of(), c.warnings(), c.sieveScripts());
    }
}
