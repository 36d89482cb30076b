package org.colombier.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.colombier.config.ConfTree.Section;

/** Reads a dovecot.conf (Dovecot 2.4 syntax) into a validated {@link ColombierConfig}. */
public final class ConfigLoader {
    /** The classpath resource holding the built-in default. */
    public static final String EMBEDDED_RESOURCE = "org/colombier/config/embedded.conf";
    /** The file name errors in the built-in default are reported against. */
    public static final String EMBEDDED_NAME = "<embedded>";

    private ConfigLoader() {
    }

    /** Loads {@code file}; includes and {@code <file} values are relative to the including file's directory. */
    public static ColombierConfig load(Path file) throws ConfigException {
        List<ConfigWarning> warnings = new ArrayList<>();
        Section root = new ConfParser(warnings).parseFile(file);
        return new ConfigMapper(root, warnings, true).map(file);
    }

    /**
     * Parses configuration text (tests, doveadm); {@code name} is the file name errors report.
     * Relative includes are resolved from the working directory.
     */
    public static ColombierConfig parse(String text, String name) throws ConfigException {
        List<ConfigWarning> warnings = new ArrayList<>();
        Section root = new ConfParser(warnings).parseText(text, name, Path.of("").toAbsolutePath());
        return new ConfigMapper(root, warnings, true).map(Path.of(name));
    }

    /**
     * The built-in default ({@code source() == null}). Its certificate files need not exist yet:
     * the server generates them on first start, before it uses them.
     */
    public static ColombierConfig embeddedDefault() throws ConfigException {
        String text;
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(EMBEDDED_RESOURCE)) {
            if (in == null) {
                throw new ConfigException(null, "missing classpath resource " + EMBEDDED_RESOURCE);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(null, "cannot read " + EMBEDDED_RESOURCE + ": " + e.getMessage(), e);
        }
        List<ConfigWarning> warnings = new ArrayList<>();
        Section root = new ConfParser(warnings).parseText(text, EMBEDDED_NAME, Path.of("").toAbsolutePath());
        return new ConfigMapper(root, warnings, false).map(null);
    }

    /** Every known setting's built-in default by its Dovecot 2.4 name (see {@link KnownSettings}). */
    public static Map<String, String> defaults() {
        return KnownSettings.defaults();
    }
}
