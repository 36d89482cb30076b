package org.colombier.config;

/** One effective setting: its value after includes, {@code <file} and {@code $references}, and where it was set. */
public record Setting(String name, String value, SourceLocation where) {
}
