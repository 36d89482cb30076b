package org.colombier.config;

import java.nio.file.Path;

/** A {@code unix_listener PATH { mode = 0600 }} of a service. */
public record UnixListener(Path path, int mode, SourceLocation where) {
}
