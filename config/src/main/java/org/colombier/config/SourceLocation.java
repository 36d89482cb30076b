package org.colombier.config;

/** Where a setting was written: {@code file:line}, or {@code <embedded>:line} for the built-in default. */
public record SourceLocation(String file, int line) {
    /** Where a built-in default "was written": {@code <default>:0}. */
    public static final SourceLocation DEFAULT = new SourceLocation("<default>", 0);

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
