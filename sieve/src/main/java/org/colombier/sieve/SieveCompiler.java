package org.colombier.sieve;

import org.colombier.sieve.syntax.ScriptCompiler;

/** Entry point for compiling Sieve source text. */
public final class SieveCompiler {
    private SieveCompiler() {
    }

    /**
     * Compiles a script.
     *
     * @throws SieveSyntaxException listing every error as {@code name:line:column: error: message}
     */
    public static SieveScript compile(String source, String name, CompileOptions options) {
        ScriptCompiler.Result r = ScriptCompiler.compile(source, name, options);
        return new SieveScript(name, r.commands(), r.required());
    }
}
