package org.colombier.sieve.syntax;

/** A place in a script, 1-based, for error messages. */
public record Position(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
