package org.colombier.server.sieve;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.colombier.api.template.Template;
import org.colombier.api.template.UserVariables;
import org.colombier.config.SieveScriptSettings;

/**
 * Where one user's scripts are, from the {@code sieve_script} sections: {@code before} scripts, the
 * personal active script (or, when the user has none, the {@code default} script), {@code after}
 * scripts, in the order Pigeonhole runs them. A
 * {@code path} that is a directory stands for its {@code *.sieve} files in name order.
 */
final class UserScripts {
    private UserScripts() {
    }

    /** The script files to run for {@code vars}' user, in order; missing files are left out. */
    static List<Path> toRun(List<SieveScriptSettings> sections, UserVariables vars) throws IOException {
        List<Path> scripts = new ArrayList<>();
        boolean personalFound = false;
        for (String type : List.of("before", "personal", "default", "after")) {
            for (SieveScriptSettings s : sections) {
                if (personalFound && (type.equals("personal") || type.equals("default"))) {
                    break; // one personal script; the default one stands in only for a user without it
                }
                if (!s.type().equals(type) || !s.driver().equals("file")) {
                    continue;
                }
                if (type.equals("personal")) {
                    Path active = personal(s, vars);
                    if (active != null) {
                        scripts.add(active);
                        personalFound = true;
                    }
                } else if (!s.path().isEmpty()) {
                    scripts.addAll(files(Template.parse(s.path()).expandPath(vars, null)));
                }
            }
        }
        return scripts;
    }

    /** The active personal script: what {@code active_path} points at, else {@code path} when it is a file. */
    static Path personal(SieveScriptSettings s, UserVariables vars) throws IOException {
        if (s.activePath() != null) {
            Path active = Template.parse(s.activePath()).expandPath(vars, null);
            if (Files.isRegularFile(active)) {
                return active.toRealPath(); // the link's target names the script in messages
            }
        }
        if (!s.path().isEmpty()) {
            Path path = Template.parse(s.path()).expandPath(vars, null);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        return null;
    }

    /** The personal scripts' directory (for {@code include :personal}), or null. */
    static Path personalDir(List<SieveScriptSettings> sections, UserVariables vars) {
        return directory(sections, "personal", vars);
    }

    /** The {@code global} scripts' directory (for {@code include :global}), or null. */
    static Path globalDir(List<SieveScriptSettings> sections, UserVariables vars) {
        return directory(sections, "global", vars);
    }

    private static Path directory(List<SieveScriptSettings> sections, String type, UserVariables vars) {
        for (SieveScriptSettings s : sections) {
            if (s.type().equals(type) && !s.path().isEmpty()) {
                Path path = Template.parse(s.path()).expandPath(vars, null);
                return Files.isDirectory(path) ? path : path.getParent();
            }
        }
        return null;
    }

    private static List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(path, "*.sieve")) {
                dir.forEach(files::add);
            }
            files.sort(null);
        }
        return files;
    }
}
