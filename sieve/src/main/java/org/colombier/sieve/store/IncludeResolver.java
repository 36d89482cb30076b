package org.colombier.sieve.store;

import org.colombier.sieve.SieveScript;

/** Finds and compiles scripts named by RFC 6609 {@code include}. */
@FunctionalInterface
public interface IncludeResolver {
    /**
     * @param global true for {@code :global}, false for {@code :personal}
     * @return the compiled script, or null when there is no such script
     * @throws org.colombier.sieve.SieveSyntaxException when it exists but does not compile
     */
    SieveScript resolve(boolean global, String name);
}
