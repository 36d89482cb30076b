package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runtime errors (the caller then keeps the message) and hostile scripts that must end quickly with an error. */
@Timeout(20)
class RuntimeLimitsTest {
    @TempDir
    Path dir;

    @Test
    void tooManyRedirectsIsARuntimeError() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append("redirect \"u").append(i).append("@example.net\";\n");
        }
        assertThatThrownBy(() -> new Harness(dir).run(s.toString(), Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class)
                .hasMessage("test: line 5: error: number of redirect actions exceeds the limit of 4 (sieve_max_redirects)");
    }

    @Test
    void tooManyActionsIsARuntimeError() {
        Harness h = new Harness(dir);
        h.settings = h.settings.withLimits(3, 4, 1_000_000);
        assertThatThrownBy(() -> h.run("require \"fileinto\"; fileinto \"a\"; fileinto \"b\"; fileinto \"c\";\nfileinto \"d\";",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class)
                .hasMessage("test: line 2: error: total number of actions exceeds the limit of 3 (sieve_max_actions)");
    }

    @Test
    void rejectAfterKeepConflicts() {
        assertThatThrownBy(() -> new Harness(dir).run("require \"reject\"; keep; reject \"no\";",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class).hasMessageContaining("reject action conflicts with an earlier keep action");
    }

    @Test
    void errorCommandFailsTheScript() {
        assertThatThrownBy(() -> new Harness(dir).run("require \"ihave\";\nif true {\n error \"cannot go on\"; }",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class).hasMessage("test: line 3: error: cannot go on");
    }

    @Test
    void invalidRedirectAddressFromAVariableIsARuntimeError() {
        assertThatThrownBy(() -> new Harness(dir).run("require \"variables\"; set \"a\" \"not an address\"; redirect \"${a}\";",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class).hasMessageContaining("invalid redirect address 'not an address'");
    }

    @Test
    void catastrophicRegexIsAbortedByTheBudget() {
        String message = "From: a@b.c\nSubject: " + "a".repeat(40) + "!\n\nx\n";
        long start = System.nanoTime();
        assertThatThrownBy(() -> new Harness(dir).run("require \"regex\"; if header :regex \"Subject\" \"^(.*a){25}$\" { discard; }",
                message, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class).hasMessageContaining("regular expression is too complex");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void pathologicalGlobIsBoundedToo() {
        String message = "From: a@b.c\nSubject: " + "a".repeat(3000) + "\n\nx\n";
        String glob = "*a".repeat(40) + "*b";
        assertThatThrownBy(() -> new Harness(dir).run("if header :matches \"Subject\" \"" + glob + "\" { discard; }",
                message, Case.DEFAULT_ENVELOPE))
                .isInstanceOf(SieveRuntimeException.class).hasMessageContaining("regular expression is too complex");
    }

    @Test
    void deepNestingIsRefusedAtCompileTime() {
        String deep = "if true { ".repeat(100) + "keep;" + " }".repeat(100);
        assertThatThrownBy(() -> new Harness(dir).compile(deep))
                .isInstanceOf(SieveSyntaxException.class).hasMessageContaining("nesting is too deep (more than 32 levels)");
        String deepTests = "if " + "not ".repeat(10_000) + "true { keep; }";
        assertThatThrownBy(() -> new Harness(dir).compile(deepTests))
                .isInstanceOf(SieveSyntaxException.class).hasMessageContaining("test nesting is too deep");
        String deepLists = "if " + "anyof(".repeat(5_000) + "true" + ")".repeat(5_000) + " { keep; }";
        assertThatThrownBy(() -> new Harness(dir).compile(deepLists))
                .isInstanceOf(SieveSyntaxException.class).hasMessageContaining("nesting is too deep");
    }

    @Test
    void hugeScriptIsRefusedBySieveMaxScriptSize() {
        String huge = "# " + "x".repeat(2 << 20) + "\nkeep;";
        assertThatThrownBy(() -> new Harness(dir).compile(huge))
                .isInstanceOf(SieveSyntaxException.class).hasMessageContaining("script is too large");
    }

    @Test
    void largeButAllowedScriptCompilesQuickly() {
        StringBuilder s = new StringBuilder("require \"fileinto\";\n");
        for (int i = 0; i < 5_000; i++) {
            s.append("if header :contains \"Subject\" \"word").append(i).append("\" { fileinto \"F").append(i).append("\"; }\n");
        }
        assertThat(new Harness(dir).actions(s.toString(), Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("keep");
    }

    @Test
    void variablesCannotGrowWithoutBound() {
        String script = "require \"variables\"; set \"a\" \"0123456789\";"
                + " set \"a\" \"${a}${a}${a}${a}${a}${a}${a}${a}\"".repeat(1) + ";"
                + " set \"a\" \"${a}${a}${a}${a}${a}${a}${a}${a}\"; set \"a\" \"${a}${a}${a}${a}${a}${a}${a}${a}\";"
                + " set :length \"l\" \"${a}\"; if string :is \"${l}\" \"4096\" { discard; }";
        assertThat(new Harness(dir).actions(script, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("discard");
    }

    @Test
    void blockSkippedByIhaveAtCompileTimeNeverRunsEvenIfTheCapabilityAppearsLater() {
        Harness h = new Harness(dir);
        SieveScript compiled = SieveCompiler.compile("require \"ihave\"; if ihave \"editheader\" { addheader \"X\" \"y\"; }",
                "s", CompileOptions.defaults());
        SieveResult r = new SieveEvaluator().evaluate(compiled, Harness.message(Case.DEFAULT_MESSAGE), Case.DEFAULT_ENVELOPE,
                h.context());
        assertThat(Harness.render(r.deliveryActions())).containsExactly("keep");
        assertThat(r.headersEdited()).isFalse();
    }

    @Test
    void theSameMessageIsNotRedirectedTwiceToTheSameAddress() {
        Harness h = new Harness(dir);
        String script = "redirect \"list@example.net\";";
        SieveResult first = h.run(script, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE);
        assertThat(Harness.render(first.deliveryActions())).containsExactly("redirect:list@example.net");
        first.commit();
        // the message comes back (a loop): it is neither sent again nor kept
        SieveResult again = h.run(script, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE);
        assertThat(again.deliveryActions()).isEmpty();
        assertThat(h.actions("redirect \"other@example.net\";", Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE))
                .containsExactly("redirect:other@example.net");
    }

    @Test
    void duplicateTestTracksMessageIdsAfterCommit() {
        Harness h = new Harness(dir);
        String script = "require [\"duplicate\", \"fileinto\"]; if duplicate { fileinto \"Dups\"; }";
        SieveResult first = h.run(script, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE);
        assertThat(Harness.render(first.deliveryActions())).containsExactly("keep");
        first.commit();
        assertThat(h.actions(script, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("fileinto:Dups");
        assertThat(h.actions("require [\"duplicate\", \"fileinto\"]; if duplicate :handle \"other\" { fileinto \"Dups\"; }",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("keep");
        assertThat(h.actions("require [\"duplicate\", \"fileinto\"]; if duplicate :uniqueid \"abc\" { fileinto \"Dups\"; }",
                Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE)).containsExactly("keep");
    }
}
