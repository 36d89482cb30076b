package org.colombier.config;

/** Something the admin should know but that does not stop the server: an unknown setting, say. */
public record ConfigWarning(SourceLocation where, String message) {
    @Override
    public String toString() {
        return where + ": " + message;
    }
}
