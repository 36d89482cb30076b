package org.colombier.doveadm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.colombier.api.template.Template;
import org.colombier.api.template.TemplateException;
import org.colombier.api.template.UserVariables;
import org.colombier.auth.AuthDrivers;
import org.colombier.config.ColombierConfig;
import org.colombier.config.Setting;
import org.colombier.config.SieveScriptSettings;
import org.colombier.config.SourceLocation;
import org.colombier.sieve.CompileOptions;
import org.colombier.sieve.DovecotSieveSettings;
import org.colombier.sieve.SieveCompiler;
import org.colombier.sieve.SieveSyntaxException;

/**
 * One user's personal Sieve script storage, Pigeonhole's {@code file} driver layout: {@code NAME.sieve}
 * files in the script directory and {@code active_path} a symbolic link to the active one
 * ({@code sieve/NAME.sieve}, relative). Writes go through a temporary file, fsync and rename.
 */
final class SieveCommandStorage {
    private static final String EXT = ".sieve";

    private final Path dir;
    private final Path activeLink;
    private final CompileOptions compileOptions;

    private SieveCommandStorage(Path dir, Path activeLink, CompileOptions compileOptions) {
        this.dir = dir;
        this.activeLink = activeLink;
        this.compileOptions = compileOptions;
    }

    /** The storage of {@code user}: the userdb gives the home, the configuration the layout. */
    static SieveCommandStorage of(Doveadm doveadm, String user) {
        ColombierConfig config = doveadm.config();
        SieveScriptSettings personal = config.sieveScripts().stream()
                .filter(s -> s.type().equals("personal") && s.driver().equals("file")).findFirst()
                .orElseThrow(() -> new Doveadm.ExitException(Doveadm.EX_CONFIG,
                        "no sieve_script of type personal with driver file is configured"));
        if (personal.path().isEmpty()) {
            throw new Doveadm.ExitException(Doveadm.EX_CONFIG, "sieve_script " + personal.name() + " has no path");
        }
        UserRecord record;
        try (AuthDrivers drivers = doveadm.authDrivers()) {
            UserLookup lookup = drivers.lookup(user);
            if (lookup instanceof UserLookup.NotFound) {
                throw new Doveadm.ExitException(Doveadm.EX_NOUSER, "User doesn't exist");
            }
            if (lookup instanceof UserLookup.TempFail fail) {
                throw new Doveadm.ExitException(Doveadm.EX_TEMPFAIL, "userdb lookup failed for " + user + ": " + fail.detail());
            }
            record = ((UserLookup.Found) lookup).user();
        }
        try {
            String home = record.home();
            String mailHome = record.fields().getOrDefault("mail_home", config.setting("mail_home").orElse(""));
            UserVariables noHome = new UserVariables(record.user(), null, Map.of("service", "doveadm"));
            if (home == null && !mailHome.isBlank()) {
                home = Template.parse(mailHome).expandPath(noHome, null).toString();
            }
            UserVariables vars = new UserVariables(record.user(), home, Map.of("service", "doveadm"));
            Path dir = Template.parse(personal.path()).expandPath(vars, null);
            Path active = personal.activePath() == null ? null : Template.parse(personal.activePath()).expandPath(vars, null);
            return new SieveCommandStorage(dir, active, compileOptions(config));
        } catch (TemplateException e) {
            throw new Doveadm.ExitException(Doveadm.EX_CONFIG, "cannot locate the Sieve scripts of " + user + ": " + e.getMessage());
        }
    }

    /** The compiler's limits and extensions as delivery uses them: every sieve_* setting the configuration sets. */
    private static CompileOptions compileOptions(ColombierConfig config) {
        Map<String, String> explicit = new HashMap<>();
        for (Map<String, Setting> level : List.of(config.global(), config.perProtocol().getOrDefault("lmtp", Map.of()))) {
            level.forEach((name, s) -> {
                if (name.startsWith("sieve_") && !s.where().equals(SourceLocation.DEFAULT)) {
                    explicit.put(name, s.value());
                }
            });
        }
        try {
            return DovecotSieveSettings.from(explicit).compileOptions();
        } catch (IllegalArgumentException e) {
            throw new Doveadm.ExitException(Doveadm.EX_CONFIG, e.getMessage());
        }
    }

    /** A script name usable as a file name, as Pigeonhole accepts them. */
    static String checkedName(String name) {
        if (name.isEmpty() || name.length() > 255 || name.indexOf('/') >= 0 || name.startsWith(".")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new Doveadm.ExitException(Doveadm.EX_USAGE, "Invalid script name '" + name.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return name;
    }

    Path file(String name) {
        return dir.resolve(checkedName(name) + EXT);
    }

    /** Script names in name order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + EXT)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (Files.isRegularFile(f) && !n.startsWith(".")) {
                    names.add(n.substring(0, n.length() - EXT.length()));
                }
            }
        } catch (IOException e) {
            throw tempfail(e);
        }
        names.sort(null);
        return names;
    }

    /** The active script's name, if {@code active_path} links to a script of this storage. */
    Optional<String> active() {
        if (activeLink == null || !Files.isSymbolicLink(activeLink)) {
            return Optional.empty();
        }
        try {
            Path target = activeLink.resolveSibling(Files.readSymbolicLink(activeLink)).normalize();
            String n = target.getFileName().toString();
            if (!target.getParent().equals(dir.normalize()) || !n.endsWith(EXT) || !Files.isRegularFile(target)) {
                return Optional.empty();
            }
            return Optional.of(n.substring(0, n.length() - EXT.length()));
        } catch (IOException e) {
            throw tempfail(e);
        }
    }

    byte[] read(String name) {
        Path f = file(name);
        if (!Files.isRegularFile(f)) {
            throw notFound(name);
        }
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw tempfail(e);
        }
    }

    /** Checks that {@code source} compiles; the errors, one per line, when it does not. */
    Optional<String> compileErrors(String name, byte[] source) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(source)).toString();
            SieveCompiler.compile(text, name, compileOptions);
            return Optional.empty();
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.of(name + ": error: script is not valid UTF-8");
        } catch (SieveSyntaxException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Stores {@code source} as {@code name}, replacing an older version atomically. */
    void write(String name, byte[] source) {
        Path target = file(name);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + name + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(source));
                ch.force(true);
            }
            move(tmp, target);
            syncDirectory(dir);
        } catch (IOException e) {
            throw tempfail(e);
        }
    }

    /** Points {@code active_path} at {@code name}, replacing the old link atomically. */
    void activate(String name) {
        if (activeLink == null) {
            throw new Doveadm.ExitException(SieveCommand.EX_NOTPOSSIBLE, "sieve_script has no active_path to activate scripts with");
        }
        if (Files.exists(activeLink, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(activeLink)) {
            throw new Doveadm.ExitException(SieveCommand.EX_NOTPOSSIBLE, "Active sieve script " + activeLink
                    + " is a regular file, not a symlink: move it away first");
        }
        try {
            Files.createDirectories(activeLink.getParent());
            Path relative = activeLink.getParent().toAbsolutePath().normalize().relativize(file(name).toAbsolutePath().normalize());
            Path tmp = activeLink.resolveSibling(activeLink.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, relative);
            move(tmp, activeLink);
            syncDirectory(activeLink.getParent());
        } catch (IOException e) {
            throw tempfail(e);
        }
    }

    void deactivate() {
        if (activeLink != null && Files.isSymbolicLink(activeLink)) {
            try {
                Files.delete(activeLink);
                syncDirectory(activeLink.getParent());
            } catch (IOException e) {
                throw tempfail(e);
            }
        }
    }

    void delete(String name) {
        try {
            if (!Files.deleteIfExists(file(name))) {
                throw notFound(name);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw tempfail(e);
        }
    }

    static Doveadm.ExitException notFound(String name) {
        return new Doveadm.ExitException(Doveadm.EX_NOTFOUND, "Sieve script does not exist: " + name);
    }

    private static Doveadm.ExitException tempfail(IOException e) {
        return new Doveadm.ExitException(Doveadm.EX_TEMPFAIL, e.toString());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
