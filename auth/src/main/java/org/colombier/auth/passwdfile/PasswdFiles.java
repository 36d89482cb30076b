package org.colombier.auth.passwdfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.auth.DriverOptions;
import org.colombier.auth.template.AuthTemplate;
import org.colombier.auth.template.AuthVariables;

/**
 * The passwd-file(s) named by {@code passwd_file_path}, which may hold variables
 * ({@code /etc/dovecot/%{user | domain}/passwd}). When the path starts with a fixed directory, an
 * expanded path that leaves it (a user {@code root@..}) finds nobody, as Dovecot documents.
 */
final class PasswdFiles {
    static final String PATH = "passwd_file_path";

    private final AuthTemplate path;
    private final Path root;
    private final LongSupplier nanoClock;
    private final Map<Path, PasswdFile> files = new ConcurrentHashMap<>();

    PasswdFiles(DriverSettings settings, LongSupplier nanoClock) throws AuthConfigException {
        this.path = AuthTemplate.parse(DriverOptions.required(settings, PATH));
        this.nanoClock = nanoClock;
        this.root = fixedDirectory(path);
    }

    /** The directory before the first variable, or null when the path starts with a variable. */
    private static Path fixedDirectory(AuthTemplate template) {
        if (!template.hasVariables()) {
            return null;
        }
        if (!(template.parts().get(0) instanceof AuthTemplate.Literal first)) {
            return null;
        }
        int slash = first.text().lastIndexOf('/');
        return slash < 0 ? null : Path.of(first.text().substring(0, slash + 1)).normalize();
    }

    /** The user's line, if the file the path expands to has one. */
    Optional<PasswdEntry> find(AuthVariables vars) throws IOException {
        Optional<Path> file = resolve(vars);
        // only files that exist are cached, so made-up domains cannot grow the cache
        if (file.isEmpty() || (!files.containsKey(file.get()) && !Files.isRegularFile(file.get()))) {
            return Optional.empty();
        }
        return Optional.ofNullable(files.computeIfAbsent(file.get(), p -> new PasswdFile(p, nanoClock))
                .entries().get(vars.user()));
    }

    private Optional<Path> resolve(AuthVariables vars) {
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

    /** Every user, for a path without variables; a per-user path cannot be listed. */
    Stream<PasswdEntry> all() throws IOException {
        if (path.hasVariables()) {
            return Stream.empty();
        }
        Path file = Path.of(path.expand(AuthVariables.ofUser(""))).normalize();
        return files.computeIfAbsent(file, p -> new PasswdFile(p, nanoClock)).entries().values().stream();
    }
}
