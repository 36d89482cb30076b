package org.colombier.auth.passwdfile;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.template.Template;
import org.colombier.api.template.UserVariables;
import org.colombier.auth.AuthTemplates;
import org.colombier.auth.DriverOptions;

/**
 * The passwd-file(s) named by {@code passwd_file_path}, which may hold variables
 * ({@code /etc/dovecot/%{user | domain}/passwd}). When the path starts with a fixed directory, an
 * expanded path that leaves it (a user {@code root@..}) finds nobody, as Dovecot documents.
 */
final class PasswdFiles {
    static final String PATH = "passwd_file_path";

    private final Template path;
    private final Path root;
    private final LongSupplier nanoClock;
    private final Map<Path, PasswdFile> files = new ConcurrentHashMap<>();

    PasswdFiles(DriverSettings settings, LongSupplier nanoClock) throws AuthConfigException {
        this.path = AuthTemplates.parse(DriverOptions.required(settings, PATH));
        this.nanoClock = nanoClock;
        this.root = fixedDirectory(path);
    }

    /** The directory before the first variable, or null when the path starts with a variable. */
    private static Path fixedDirectory(Template template) {
        if (!template.hasVariables()) {
            return null;
        }
        if (!(template.parts().get(0) instanceof Template.Literal first)) {
            return null;
        }
        int slash = first.text().lastIndexOf('/');
        return slash < 0 ? null : Path.of(first.text().substring(0, slash + 1)).normalize();
    }

    /** The user's line, if the file the path expands to has one. */
    Optional<PasswdEntry> find(UserVariables vars) throws IOException {
        Optional<Path> file = resolve(vars);
        // only files that exist are cached, so made-up domains cannot grow the cache
        if (file.isEmpty() || (!files.containsKey(file.get()) && !Files.isRegularFile(file.get()))) {
            return Optional.empty();
        }
        return Optional.ofNullable(files.computeIfAbsent(file.get(), p -> new PasswdFile(p, nanoClock))
                .entries().get(vars.user()));
    }

    private Optional<Path> resolve(UserVariables vars) {
        String expanded = path.expand(vars);
        if (expanded.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path file = Path.of(expanded).normalize();
        if (root != null && !file.startsWith(root)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /**
     * Every user, for {@code doveadm -A}. With variables in the path, the files the path can expand
     * to are found under its fixed directory (each variable matching one name), and a user is listed
     * only if its own name leads back to the file it is in. A path starting with a variable cannot
     * be listed.
     */
    Stream<PasswdEntry> all() throws IOException {
        if (!path.hasVariables()) {
            Path file = Path.of(path.expand(AuthTemplates.ofUser(""))).normalize();
            return files.computeIfAbsent(file, p -> new PasswdFile(p, nanoClock)).entries().values().stream();
        }
        if (root == null) {
            return Stream.empty();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob());
        List<Path> candidates;
        try (Stream<Path> walk = Files.walk(root, depth())) {
            candidates = walk.filter(p -> matcher.matches(p) && Files.isRegularFile(p)).sorted().toList();
        }
        List<PasswdEntry> entries = new ArrayList<>();
        for (Path file : candidates) {
            for (PasswdEntry entry : files.computeIfAbsent(file, p -> new PasswdFile(p, nanoClock)).entries().values()) {
                if (resolve(AuthTemplates.ofUser(entry.user())).filter(file::equals).isPresent()) {
                    entries.add(entry);
                }
            }
        }
        return entries.stream();
    }

    /** The path as a glob: literal text escaped, each variable one path-name wildcard. */
    private String glob() {
        StringBuilder glob = new StringBuilder();
        for (Template.Part part : path.parts()) {
            if (part instanceof Template.Literal literal) {
                for (char c : literal.text().toCharArray()) {
                    if ("*?[]{}\\".indexOf(c) >= 0) {
                        glob.append('\\');
                    }
                    glob.append(c);
                }
            } else {
                glob.append('*');
            }
        }
        return Path.of(glob.toString()).normalize().toString();
    }

    /** How many directory levels below the fixed directory the path reaches. */
    private int depth() {
        String template = path.toString();
        return (int) template.chars().filter(c -> c == '/').count() - (int) root.toString().chars().filter(c -> c == '/').count();
    }
}
