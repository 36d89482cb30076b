package org.colombier.sieve;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A script that does not compile. Each error reads {@code name:line:column: error: message}; the exception
 * message lists them all, one per line, like Pigeonhole's sievec.
 */
public final class SieveSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One compile error. */
    public record Error(String script, int line, int column, String message) {
        @Override
        public String toString() {
            return script + ":" + line + ":" + column + ": error: " + message;
        }
    }

    private final transient List<Error> errors;

    public SieveSyntaxException(String script, int line, int column, String message) {
        this(List.of(new Error(script, line, column, message)));
    }

    public SieveSyntaxException(List<Error> errors) {
        super(errors.stream().map(Error::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<Error> errors() {
        return errors;
    }
}
