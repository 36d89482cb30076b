package org.colombier.sieve.syntax;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.colombier.sieve.CompileOptions;
import org.colombier.sieve.SieveSyntaxException;

/** Lexes, parses and validates one script. */
public final class ScriptCompiler {
    /** The validated commands and the capabilities the script required. */
    public record Result(List<Node> commands, Set<String> required) { }

    private ScriptCompiler() {
    }

    public static Result compile(String source, String name, CompileOptions options) {
        long size = source.getBytes(StandardCharsets.UTF_8).length;
        if (options.maxScriptSize() > 0 && size > options.maxScriptSize()) {
            throw new SieveSyntaxException(name, 1, 1, "script is too large (" + size + " bytes, the limit is "
                    + options.maxScriptSize() + " bytes)");
        }
        List<Node> commands = new Parser(new Lexer(source, name).tokenize(), name, options.maxNesting()).script();
        Validator v = new Validator(name, options.extensions());
        v.validate(commands);
        return new Result(List.copyOf(commands), Set.copyOf(v.required()));
    }
}
