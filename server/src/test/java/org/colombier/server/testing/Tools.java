package org.colombier.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Outside programs tests drive (python3, swaks, Postfix); a test skips with a reason when one is absent. */
public final class Tools {
    private Tools() {
    }

    /** True when {@code tool} is an executable on the PATH. */
    public static boolean onPath(String tool) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return false;
    }
}
