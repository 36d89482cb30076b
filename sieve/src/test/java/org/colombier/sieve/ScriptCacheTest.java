package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ScriptCacheTest {
    @TempDir
    Path dir;

    @Test
    void compilesOnceAndRecompilesWhenTheFileChanges() throws Exception {
        ScriptCache cache = new ScriptCache(CompileOptions.defaults());
        Path file = dir.resolve("main.sieve");
        Files.writeString(file, "keep;");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        SieveScript first = cache.get(file).orElseThrow();
        assertThat(first.name()).isEqualTo("main");
        assertThat(cache.get(file).orElseThrow()).isSameAs(first);

        Files.writeString(file, "discard;");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        SieveScript sizeChanged = cache.get(file).orElseThrow();
        assertThat(sizeChanged).isNotSameAs(first);
        assertThat(sizeChanged.commands().get(0).name()).isEqualTo("discard");

        Files.writeString(file, "stop;;;;");
        Files.writeString(file, "stop;");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-02T00:00:00Z")));
        assertThat(cache.get(file).orElseThrow().commands().get(0).name()).isEqualTo("stop");
    }

    @Test
    void missingFileIsEmptyAndBrokenFileThrowsUntilFixed() throws Exception {
        ScriptCache cache = new ScriptCache(CompileOptions.defaults());
        Path file = dir.resolve("x.sieve");
        assertThat(cache.get(file)).isEmpty();
        Files.writeString(file, "kep;");
        assertThatThrownBy(() -> cache.get(file)).isInstanceOf(SieveSyntaxException.class)
                .hasMessage("x:1:1: error: unknown command 'kep'");
        Files.writeString(file, "keep;");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(cache.get(file)).isPresent();
    }

    @Test
    void invalidUtf8IsACompileErrorAtTheBadByte() throws Exception {
        Path file = dir.resolve("latin1.sieve");
        Files.write(file, "keep;\n# caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> new ScriptCache(CompileOptions.defaults()).get(file))
                .isInstanceOf(SieveSyntaxException.class).hasMessage("latin1:2:6: error: script is not valid UTF-8");
    }

    @Test
    void oversizedFileIsRefusedWithoutReadingIt() throws Exception {
        ScriptCache cache = new ScriptCache(new CompileOptions(Extensions.DEFAULT_ENABLED, 100, 32));
        Path file = dir.resolve("big.sieve");
        Files.writeString(file, "#" + "x".repeat(200) + "\nkeep;");
        assertThatThrownBy(() -> cache.get(file)).isInstanceOf(SieveSyntaxException.class)
                .hasMessageContaining("script is too large (207 bytes, the limit is 100 bytes)");
    }
}
