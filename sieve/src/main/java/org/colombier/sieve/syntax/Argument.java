package org.colombier.sieve.syntax;

import java.util.List;

/** A positional or tagged argument as written in the script. */
public sealed interface Argument permits Argument.Tag, Argument.Number, Argument.Strings {
    Position pos();

    /** {@code :name}. */
    record Tag(String name, Position pos) implements Argument { }

    /** A number with its K/M/G quantifier already applied. */
    record Number(long value, Position pos) implements Argument { }

    /** A single string ({@code list == false}) or a bracketed string list. */
    record Strings(List<String> values, boolean list, Position pos) implements Argument { }
}
