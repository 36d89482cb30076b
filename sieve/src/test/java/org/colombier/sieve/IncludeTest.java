package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.colombier.sieve.store.DirectoryIncludeResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RFC 6609 include/return/global, with cycles and depth refused instead of looping. */
@Timeout(10)
class IncludeTest {
    @TempDir
    Path dir;
    Path personal;
    Path global;
    Harness h;

    @BeforeEach
    void setUp() throws IOException {
        personal = Files.createDirectories(dir.resolve("sieve"));
        global = Files.createDirectories(dir.resolve("global"));
        h = new Harness(dir);
        h.includes = new DirectoryIncludeResolver(personal, global, new ScriptCache(h.settings.compileOptions()));
    }

    private void write(Path d, String name, String script) throws IOException {
        Files.writeString(d.resolve(name + ".sieve"), script);
    }

    @Test
    void rfc6609ExampleWithGlobalVariablesAndReturn() throws IOException {
        write(global, "spam_tests", """
                require ["variables", "include"];
                global ["test", "test_mailbox"];
                set "test_mailbox" "spam-${test}";
                if header :contains "Subject" "money" { return; }
                set "test_mailbox" "none";
                """);
        String main = """
                require ["include", "variables", "fileinto"];
                global ["test", "test_mailbox"];
                set "test" "abc";
                include :global "spam_tests";
                fileinto "${test_mailbox}";
                """;
        assertThat(h.actions(main, "From: a@b.c\nSubject: make money\n\nx\n", Case.DEFAULT_ENVELOPE))
                .containsExactly("fileinto:spam-abc");
        assertThat(h.actions(main, "From: a@b.c\nSubject: hello\n\nx\n", Case.DEFAULT_ENVELOPE))
                .containsExactly("fileinto:none");
    }

    @Test
    void localVariablesAreNotShared() throws IOException {
        write(personal, "inner", "require \"variables\"; set \"x\" \"inner\";");
        assertThat(h.actions("require [\"include\", \"variables\", \"fileinto\"]; set \"x\" \"outer\";"
                + " include \"inner\"; fileinto \"${x}\";", Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .containsExactly("fileinto:outer");
    }

    @Test
    void stopInAnIncludedScriptStopsEverything() throws IOException {
        write(personal, "stopper", "require \"fileinto\"; fileinto \"A\"; stop;");
        assertThat(h.actions("require [\"include\", \"fileinto\"]; include \"stopper\"; fileinto \"B\";",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("fileinto:A");
    }

    @Test
    void onceIncludesOnlyOnceAndOptionalToleratesMissing() throws IOException {
        write(personal, "flag", "require \"fileinto\"; fileinto :copy \"X\";".replace("\"fileinto\"", "[\"fileinto\", \"copy\"]"));
        write(personal, "counter", "require [\"variables\", \"include\"]; global \"n\"; set \"n\" \"${n}+\";");
        assertThat(h.actions("require [\"include\", \"variables\", \"fileinto\"]; global \"n\";"
                + " include :once \"counter\"; include :once \"counter\"; include :optional \"missing\";"
                + " fileinto \"n${n}\";", Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("fileinto:n+");
    }

    @Test
    void missingIncludeIsARuntimeError() {
        assertThatThrownBy(() -> h.run("require \"include\"; include \"nope\";", Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class)
                .hasMessage("test: line 1: error: included personal script 'nope' does not exist");
    }

    @Test
    void brokenIncludedScriptIsARuntimeErrorNamingIt() throws IOException {
        write(personal, "broken", "fileinot \"x\";");
        assertThatThrownBy(() -> h.run("require \"include\";\ninclude \"broken\";", Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class)
                .hasMessageContaining("line 2: error: included script 'broken' does not compile: broken:1:1: error: unknown command 'fileinot'");
    }

    @Test
    void includeCycleIsDetected() throws IOException {
        write(personal, "a", "require \"include\"; include \"b\";");
        write(personal, "b", "require \"include\"; include \"a\";");
        assertThatThrownBy(() -> h.run("require \"include\"; include \"a\";", Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class)
                .hasMessageContaining("include cycle: personal:test -> personal:a -> personal:b -> personal:a");
    }

    @Test
    void includeDepthIsBounded() throws IOException {
        for (int i = 0; i < 20; i++) {
            write(personal, "s" + i, "require \"include\"; include \"s" + (i + 1) + "\";");
        }
        write(personal, "s20", "keep;");
        assertThatThrownBy(() -> h.run("require \"include\"; include \"s0\";", Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class).hasMessageContaining("include nesting is too deep (the limit is 10)");
    }
}
