package org.colombier.sieve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles each script file once and reuses it until the file's modification time or size changes. Thread-safe.
 * A script that fails to compile is not cached, so fixing the file takes effect at once.
 */
public final class ScriptCache {
    private record Entry(long mtime, long size, SieveScript script) { }

    private final CompileOptions options;
    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();

    public ScriptCache(CompileOptions options) {
        this.options = options;
    }

    /**
     * @return the compiled script, or empty when the file does not exist
     * @throws SieveSyntaxException when it does not compile
     */
    public Optional<SieveScript> get(Path file) {
        Path key = file.toAbsolutePath().normalize();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(key, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            entries.remove(key);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long mtime = attrs.lastModifiedTime().toMillis();
        Entry e = entries.get(key);
        if (e != null && e.mtime() == mtime && e.size() == attrs.size()) {
            return Optional.of(e.script());
        }
        String source;
        try {
            if (options.maxScriptSize() > 0 && attrs.size() > options.maxScriptSize()) {
                throw new SieveSyntaxException(scriptName(key), 1, 1, "script is too large (" + attrs.size()
                        + " bytes, the limit is " + options.maxScriptSize() + " bytes)");
            }
            source = utf8(Files.readAllBytes(key), scriptName(key));
        } catch (NoSuchFileException ex) {
            return Optional.empty();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        SieveScript script = SieveCompiler.compile(source, scriptName(key), options);
        entries.put(key, new Entry(mtime, attrs.size(), script));
        return Optional.of(script);
    }

    /** RFC 5228 section 2.2: scripts are UTF-8; anything else is a compile error pointing at the bad byte. */
    static String utf8(byte[] bytes, String name) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (r.isError()) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new SieveSyntaxException(name, line, in.position() - lineStart + 1, "script is not valid UTF-8");
        }
        out.flip();
        return out.toString();
    }

    private static String scriptName(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".sieve") ? n.substring(0, n.length() - ".sieve".length()) : n;
    }
}
