package org.colombier.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

import org.colombier.config.ConfTree.Entry;
import org.colombier.config.ConfTree.Section;
import org.colombier.config.KnownSettings.Kind;

/**
 * Reads Dovecot 2.4 dovecot.conf syntax line by line into a {@link ConfTree}, following
 * {@code !include}, {@code <file} values and {@code $setting} references as it goes, so each of
 * them sees the settings written above it.
 */
final class ConfParser {
    private static final int MAX_INCLUDE_DEPTH = 20;
    private static final List<String> LIST_OWNERS = List.of("passdb", "userdb", "namespace", "service",
            "inet_listener", "unix_listener", "fifo_listener", "sieve_script", "quota");

    /** Filters whose settings may also carry the driver in their prefix: {@code passdb_sql_query}. */
    private static final List<String> DRIVER_FILTERS = List.of("passdb", "userdb", "quota");

    private final List<ConfigWarning> warnings;
    private final Section root = new Section(null, null, null, null);
    private final Deque<Section> stack = new ArrayDeque<>();
    private int includeDepth;

    ConfParser(List<ConfigWarning> warnings) {
        this.warnings = warnings;
        stack.push(root);
    }

    Section parseFile(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(null, file + ": cannot read configuration: " + reason(e), e);
        }
        parseLines(lines, file.toString(), file.toAbsolutePath().getParent());
        return root;
    }

    Section parseText(String text, String name, Path dir) throws ConfigException {
        parseLines(Arrays.asList(text.split("\r?\n", -1)), name, dir);
        return root;
    }

    private void parseLines(List<String> lines, String file, Path dir) throws ConfigException {
        int depth = stack.size();
        for (int i = 0; i < lines.size(); i++) {
            SourceLocation where = new SourceLocation(file, i + 1);
            String line = (i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i)).strip();
            // A trailing backslash continues the line, as in Dovecot.
            while (line.endsWith("\\") && i + 1 < lines.size()) {
                line = line.substring(0, line.length() - 1).stripTrailing() + " " + lines.get(++i).strip();
            }
            parseLine(line, where, dir, depth);
        }
        if (stack.size() > depth) {
            Section open = stack.peek();
            throw new ConfigException(open.where, "missing '}' for section '" + open.title() + "' opened here");
        }
    }

    private void parseLine(String line, SourceLocation where, Path dir, int fileDepth) throws ConfigException {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        Cursor c = new Cursor(line, where);
        if (line.startsWith("!")) {
            String directive = c.word();
            if (!directive.equals("!include") && !directive.equals("!include_try")) {
                throw new ConfigException(where, "unknown directive '" + directive + "'");
            }
            Value file = c.value();
            if (file.text().isEmpty()) {
                throw new ConfigException(where, directive + " needs a file name");
            }
            include(file.text(), directive.equals("!include_try"), where, dir);
            return;
        }
        if (line.startsWith("}")) {
            c.next();
            c.expectEnd("'}'");
            close(where, fileDepth);
            return;
        }
        String key = c.word();
        if (key.isEmpty()) {
            throw new ConfigException(where, "expected a setting name or a section, found '" + line + "'");
        }
        c.skipSpace();
        if (c.at('=')) {
            c.next();
            set(key, c.value(), where, dir);
        } else if (c.at('{')) {
            c.next();
            open(key, null, where);
            c.expectEnd("'{'");
        } else {
            String name = c.word();
            c.skipSpace();
            if (name.isEmpty() || !c.at('{')) {
                throw new ConfigException(where, "expected '=' or '{' after '" + key + "'");
            }
            c.next();
            open(key, name, where);
            c.expectEnd("'{'");
        }
    }

    private void include(String pattern, boolean optional, SourceLocation where, Path dir) throws ConfigException {
        if (++includeDepth > MAX_INCLUDE_DEPTH) {
            throw new ConfigException(where, "includes nested more than " + MAX_INCLUDE_DEPTH + " deep (an include loop?)");
        }
        Path path = resolve(dir, pattern, where);
        String last = path.getFileName() == null ? "" : path.getFileName().toString();
        List<Path> files = new ArrayList<>();
        if (last.chars().anyMatch(ch -> ch == '*' || ch == '?' || ch == '[')) {
            Path parent = path.getParent();
            try (DirectoryStream<Path> found = Files.newDirectoryStream(parent, last)) {
                found.forEach(files::add);
            } catch (IOException e) {
                if (!optional) {
                    throw new ConfigException(where, "cannot read include directory " + parent + ": " + reason(e), e);
                }
            } catch (PatternSyntaxException e) {
                throw new ConfigException(where, "invalid include pattern '" + last + "'", e);
            }
            files.sort(null);
        } else {
            files.add(path);
        }
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                if (optional) {
                    continue;
                }
                throw new ConfigException(where, "cannot read include file " + file + ": " + reason(e), e);
            }
            parseLines(lines, file.toString(), file.toAbsolutePath().getParent());
        }
        includeDepth--;
    }

    private void open(String type, String name, SourceLocation where) throws ConfigException {
        Section parent = stack.peek();
        if (parent.listKind != null) {
            throw new ConfigException(where, "section '" + type + "' is not allowed inside the list '" + parent.type + "'");
        }
        Kind listKind = null;
        String fullType = type;
        if (!KnownSettings.FILTERS.contains(type)) {
            fullType = fullName(parent, type);
            listKind = KnownSettings.lookup(fullType).map(KnownSettings.Definition::kind)
                    .filter(k -> k == Kind.BOOLLIST || k == Kind.STRLIST)
                    .orElseThrow(() -> new ConfigException(where, "unknown section type '" + type + "'"));
            if (name != null) {
                throw new ConfigException(where, "'" + type + "' is a list and takes no name");
            }
        }
        Section section = listKind == Kind.BOOLLIST ? null : mergeable(parent, fullType, name);
        if (section == null) {
            section = new Section(fullType, name, where, listKind);
            if (listKind != Kind.BOOLLIST) {
                parent.children.add(section);
            }
        }
        stack.push(section);
    }

    /** Dovecot merges a section written twice with the same name; unnamed list entries stay apart. */
    private static Section mergeable(Section parent, String type, String name) {
        if (name == null && LIST_OWNERS.contains(type)) {
            return null;
        }
        for (Section s : parent.children) {
            if (s.type.equals(type) && java.util.Objects.equals(s.name, name)) {
                return s;
            }
        }
        return null;
    }

    private void close(SourceLocation where, int fileDepth) throws ConfigException {
        if (stack.size() <= fileDepth) {
            throw new ConfigException(where, "unexpected '}' with no open section");
        }
        Section done = stack.pop();
        if (done.listKind == Kind.BOOLLIST) {
            // The section form adds (= yes) and removes (= no) names from the value seen so far.
            Set<String> names = new LinkedHashSet<>(split(lookup(done.type, done.where)));
            for (Entry e : done.entries.values()) {
                if (SettingValues.parseBool(e.value(), e.where(), e.key())) {
                    names.add(e.key());
                } else {
                    names.remove(e.key());
                }
            }
            Section parent = stack.peek();
            parent.entries.put(done.type, new Entry(done.type, String.join(" ", names), done.where));
        }
    }

    private void set(String key, Value value, SourceLocation where, Path dir) throws ConfigException {
        Section section = stack.peek();
        if (section.listKind != null) {
            section.entries.put(key, new Entry(key, expand(value, where, dir, Kind.STRING), where));
            return;
        }
        String full = fullName(section, key);
        String expanded;
        if (KnownSettings.isKnown(full)) {
            Kind kind = KnownSettings.lookup(full).get().kind();
            expanded = expand(value, where, dir, kind);
            if (kind == Kind.BOOLLIST) {
                expanded = String.join(" ", new LinkedHashSet<>(split(expanded)));
            }
        } else {
            String renamed = KnownSettings.RENAMED.get(key);
            warnings.add(new ConfigWarning(where, "unknown setting '" + key + "'"
                    + (renamed == null ? "" : " (Dovecot 2.4 renamed it: use " + renamed + ")")));
            // Kept as written: with an unknown type, a "<file" might be a path rather than content.
            expanded = value.text();
        }
        section.entries.remove(full);
        section.entries.put(full, new Entry(full, expanded, where));
    }

    private String expand(Value value, SourceLocation where, Path dir, Kind kind) throws ConfigException {
        if (value.quoted()) {
            return value.text();
        }
        String text = value.text();
        if (text.startsWith("<")) {
            String file = text.substring(1).strip();
            if (kind == Kind.FILE) {
                // A file setting names the file; Dovecot 2.3's "<" prefix is accepted and dropped.
                return file;
            }
            Path path = resolve(dir, file, where);
            try {
                return Files.readString(path, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
            } catch (IOException e) {
                throw new ConfigException(where, "cannot read " + path + ": " + reason(e), e);
            }
        }
        return references(text, where).strip();
    }

    /** Replaces {@code $name} (or {@code $SET:name}) by the value that setting has at this point. */
    private String references(String text, SourceLocation where) throws ConfigException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            int start = i + 1;
            if (ch == '$' && text.startsWith("SET:", start)) {
                start += 4;
            }
            int end = start;
            while (ch == '$' && end < text.length() && isNameChar(text.charAt(end))) {
                end++;
            }
            if (ch != '$' || end == start || !Character.isLetter(text.charAt(start)) && text.charAt(start) != '_') {
                out.append(ch);
                i++;
                continue;
            }
            out.append(lookup(text.substring(start, end), where));
            i = end;
        }
        return out.toString();
    }

    private String lookup(String name, SourceLocation where) throws ConfigException {
        for (Iterator<Section> it = stack.iterator(); it.hasNext();) {
            Section s = it.next();
            if (s.listKind != null) {
                continue;
            }
            Entry e = s.entries.get(fullName(s, name));
            if (e != null) {
                return e.value();
            }
        }
        return KnownSettings.defaultValue(name)
                .orElseThrow(() -> new ConfigException(where, "$" + name + " refers to a setting that is not defined"));
    }

    /**
     * The full name of {@code key} written inside {@code section}: Dovecot 2.4 lets a named list
     * filter's settings drop the {@code TYPE_} (and {@code TYPE_DRIVER_}) prefix.
     */
    static String fullName(Section section, String key) {
        if (section.isRoot() || !KnownSettings.PREFIXED_FILTERS.contains(section.type)) {
            return key;
        }
        Entry driver = section.entries.get(section.type + "_driver");
        String d = driver != null ? driver.value() : section.name;
        List<String> candidates = new ArrayList<>();
        if (d != null && DRIVER_FILTERS.contains(section.type)) {
            candidates.add(section.type + "_" + d.replace('-', '_').toLowerCase(Locale.ROOT) + "_" + key);
        }
        candidates.add(section.type + "_" + key);
        return candidates.stream().filter(KnownSettings::isKnown).findFirst().orElse(key);
    }

    private static Path resolve(Path dir, String file, SourceLocation where) throws ConfigException {
        try {
            return dir.resolve(file);
        } catch (InvalidPathException e) {
            throw new ConfigException(where, "invalid file name '" + file.replace("\0", "\\0") + "'", e);
        }
    }

    static List<String> split(String value) {
        return Arrays.stream(value.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean isNameChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_';
    }

    private static String reason(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind.replace("Exception", "") + " " + e.getMessage();
    }

    /** A value as written: quoted values are taken literally, unquoted ones may use {@code <file} and {@code $ref}. */
    private record Value(String text, boolean quoted) {
    }

    /** Walks one logical line. */
    private static final class Cursor {
        private final String line;
        private final SourceLocation where;
        private int pos;

        Cursor(String line, SourceLocation where) {
            this.line = line;
            this.where = where;
        }

        boolean at(char ch) {
            return pos < line.length() && line.charAt(pos) == ch;
        }

        void next() {
            pos++;
        }

        void skipSpace() {
            while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
        }

        /** A bare word (up to space, '=', '{', '}' or '#') or a quoted string. */
        String word() throws ConfigException {
            skipSpace();
            if (at('"') || at('\'')) {
                return quoted();
            }
            int start = pos;
            while (pos < line.length() && "={}#\"'".indexOf(line.charAt(pos)) < 0 && !Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            return line.substring(start, pos);
        }

        /** The rest of the line as a value: quoted, or bare up to a '#' comment, trimmed. */
        Value value() throws ConfigException {
            skipSpace();
            if (at('"') || at('\'')) {
                String text = quoted();
                expectEnd("the closing quote");
                return new Value(text, true);
            }
            int hash = line.indexOf('#', pos);
            String text = (hash < 0 ? line.substring(pos) : line.substring(pos, hash)).strip();
            pos = line.length();
            return new Value(text, false);
        }

        private String quoted() throws ConfigException {
            char quote = line.charAt(pos++);
            StringBuilder out = new StringBuilder();
            while (pos < line.length()) {
                char ch = line.charAt(pos++);
                if (ch == quote) {
                    return out.toString();
                }
                if (ch == '\\' && pos < line.length()) {
                    char escaped = line.charAt(pos++);
                    out.append(switch (escaped) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> escaped;
                    });
                } else {
                    out.append(ch);
                }
            }
            throw new ConfigException(where, "missing closing " + quote);
        }

        void expectEnd(String after) throws ConfigException {
            skipSpace();
            if (pos < line.length() && !at('#')) {
                throw new ConfigException(where, "unexpected '" + line.substring(pos) + "' after " + after);
            }
        }
    }
}
