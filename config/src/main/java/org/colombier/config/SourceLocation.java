package org.colombier.config;

/** Where a setting was written: {@code file:line}, or {@code <embedded>:line} for the built-in default. */
public record SourceLocation(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
