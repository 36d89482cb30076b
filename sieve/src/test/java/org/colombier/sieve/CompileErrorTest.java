package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compile errors carry the script name, exact line:column and a message a user can act on. */
@Timeout(10)
class CompileErrorTest {
    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("require \"fileinto\";\nfileinot \"x\";\n", "s:2:1: error: unknown command 'fileinot'"),
                Arguments.of("fileinto \"x\";", "s:1:1: error: command 'fileinto' requires extension 'fileinto' (missing require \"fileinto\"?)"),
                Arguments.of("require \"nosuch\";", "s:1:1: error: require: unknown Sieve capability 'nosuch'"),
                Arguments.of("require \"editheader\";", "s:1:1: error: require: unknown Sieve capability 'editheader' (it is disabled on this server)"),
                Arguments.of("keep;\nrequire \"fileinto\";", "s:2:1: error: require commands can only be placed at the beginning of the script"),
                Arguments.of("if true { keep; }\n  else keep;", "s:2:8: error: unexpected 'keep' after the command 'else' (missing ';' or '{'?)"),
                Arguments.of("keep", "s:1:5: error: unexpected end of script after command 'keep', expected ';' or '{'"),
                Arguments.of("if true {\n  keep;\n", "s:3:1: error: unexpected end of script, expected a command or '}'"),
                Arguments.of("redirect \"a@b.c\"\nkeep;", "s:2:1: error: unexpected 'keep' after the command 'redirect' (missing ';' or '{'?)"),
                Arguments.of("if header :contains \"a\" \"b\" keep;", "s:1:29: error: unexpected 'keep' after the test 'header' (missing ';' or '{'?)"),
                Arguments.of("if header :is \"Subject\" \"hi\" ;", "s:1:1: error: command 'if' requires a block ('{ ... }')"),
                Arguments.of("else { keep; }", "s:1:1: error: else command must follow an if or elsif command"),
                Arguments.of("keep \"x\";", "s:1:1: error: the command 'keep' expects 0 positional arguments, but 1 was found"),
                Arguments.of("redirect [\"a@b.c\", \"d@e.f\"];", "s:1:10: error: positional argument 1 of the command 'redirect' must be a string, not a string list"),
                Arguments.of("if header :foo \"a\" \"b\" { keep; }", "s:1:11: error: unknown tagged argument ':foo' for the test 'header'"),
                Arguments.of("if header :is :contains \"a\" \"b\" { keep; }", "s:1:15: error: tagged argument ':contains' conflicts with another match-type argument of the test 'header'"),
                Arguments.of("if header :regex \"a\" \"b\" { keep; }", "s:1:11: error: tagged argument ':regex' requires extension 'regex' (missing require \"regex\"?)"),
                Arguments.of("if size 100 { keep; }", "s:1:4: error: the test 'size' expects 0 positional arguments, but 1 was found"),
                Arguments.of("if size { keep; }", "s:1:4: error: the size test requires either :over or :under"),
                Arguments.of("if true", "s:1:8: error: unexpected end of script after command 'if', expected ';' or '{'"),
                Arguments.of("if foo { keep; }", "s:1:4: error: unknown test 'foo'"),
                Arguments.of("if keep { stop; }", "s:1:4: error: unknown test 'keep' (it is a command, not a test)"),
                Arguments.of("if header :comparator \"i;nope\" \"a\" \"b\" { keep; }", "s:1:4: error: unknown comparator 'i;nope'"),
                Arguments.of("if header :comparator \"i;ascii-numeric\" \"a\" \"b\" { keep; }",
                        "s:1:4: error: comparator 'i;ascii-numeric' requires extension 'comparator-i;ascii-numeric' (missing require?)"),
                Arguments.of("require \"relational\";\nif header :count \"xx\" \"a\" \"1\" { keep; }",
                        "s:2:4: error: invalid relational match type 'xx' for :count (expected one of gt, ge, lt, le, eq, ne)"),
                Arguments.of("keep; \"unterminated", "s:1:7: error: unterminated string (missing closing '\"')"),
                Arguments.of("/* never\nclosed", "s:1:1: error: unterminated bracket comment (missing '*/')"),
                Arguments.of("require \"reject\";\nreject text:\nno end\n", "s:2:8: error: unterminated multi-line string (missing '.' line)"),
                Arguments.of("if size :over 99999999999999G { keep; }", "s:1:15: error: number is too large"),
                Arguments.of("keep;\n\t@", "s:2:2: error: unexpected character '@'"),
                Arguments.of("require [\"vacation\"];\nvacation :days \"x\" \"gone\";",
                        "s:2:10: error: tagged argument ':days' of the command 'vacation' needs a number argument"),
                Arguments.of("require \"variables\";\nset \"1abc\" \"v\";", "s:2:1: error: invalid variable name '1abc'"),
                Arguments.of("require \"date\";\nif currentdate \"fortnight\" \"1\" { keep; }", "s:2:4: error: invalid date part 'fortnight'"),
                Arguments.of("require \"include\";\ninclude \"../etc/passwd\";", "s:2:1: error: invalid script name '../etc/passwd' for include"),
                Arguments.of("require \"regex\";\nif header :regex \"Subject\" \"a(\" { keep; }",
                        "s:2:4: error: invalid regular expression 'a(': Unclosed group"),
                Arguments.of("require \"index\";\nif header :last \"Subject\" \"a\" { keep; }", "s:2:4: error: the :last tag of the header test requires :index"),
                Arguments.of("if not (true, false) { keep; }", "s:1:4: error: the test 'not' requires one test"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void reportsLineColumnAndClearMessage(String script, String expected) {
        CompileOptions options = CompileOptions.defaults();
        assertThatThrownBy(() -> SieveCompiler.compile(script, "s", options))
                .isInstanceOf(SieveSyntaxException.class)
                .satisfies(e -> assertThat(((SieveSyntaxException) e).errors().get(0).toString()).isEqualTo(expected));
    }

    @Test
    void reportsEveryErrorOfTheScriptNotOnlyTheFirst() {
        String script = "require \"fileinto\";\nfileinot \"a\";\nif bogus { keep; }\nredirect;\n";
        SieveSyntaxException e = org.junit.jupiter.api.Assertions.assertThrows(
                SieveSyntaxException.class, () -> SieveCompiler.compile(script, "multi", CompileOptions.defaults()));
        assertThat(e.errors()).extracting(Object::toString).containsExactly(
                "multi:2:1: error: unknown command 'fileinot'",
                "multi:3:4: error: unknown test 'bogus'",
                "multi:4:1: error: the command 'redirect' expects 1 positional argument, but 0 were found");
        assertThat(e.getMessage()).contains("multi:2:1").contains("multi:4:1");
    }

    @Test
    void refusesExtensionsNotEnabledBySieveExtensionsSetting() {
        Set<String> enabled = Extensions.parse("-vacation");
        assertThat(enabled).doesNotContain("vacation").contains("fileinto");
        assertThatThrownBy(() -> SieveCompiler.compile("require \"vacation\";", "s",
                CompileOptions.defaults().withExtensions(enabled)))
                .hasMessage("s:1:1: error: require: unknown Sieve capability 'vacation' (it is disabled on this server)");
        assertThat(Extensions.parse("fileinto envelope")).containsExactlyInAnyOrder("fileinto", "envelope",
                "comparator-i;octet", "comparator-i;ascii-casemap");
        assertThat(Extensions.parse("+editheader")).contains("editheader", "vacation");
    }

    @Test
    void ihaveBlockWithUnknownExtensionStillCompilesAndNeverRuns() {
        String script = "require \"ihave\";\nif ihave \"x-unknown\" { x_unknown_command :foo; } else { discard; }";
        SieveScript compiled = SieveCompiler.compile(script, "s", CompileOptions.defaults());
        assertThat(compiled.extensions()).contains("ihave");
    }
}
