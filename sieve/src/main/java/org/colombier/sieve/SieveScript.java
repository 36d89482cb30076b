package org.colombier.sieve;

import java.util.List;
import java.util.Set;
import org.colombier.sieve.syntax.Node;

/**
 * A compiled, validated script: immutable and safe to share between threads and evaluations.
 *
 * @param name       the script name used in messages
 * @param commands   the top-level commands
 * @param extensions the capabilities the script required
 */
public record SieveScript(String name, List<Node> commands, Set<String> extensions) {
    public SieveScript {
        commands = List.copyOf(commands);
        extensions = Set.copyOf(extensions);
    }
}
