package org.colombier.auth.scheme;

/** The stored password uses a weak scheme and {@code auth_allow_weak_schemes} is off. */
public class WeakSchemeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WeakSchemeException(String scheme) {
        super("weak password scheme " + scheme + " refused (set auth_allow_weak_schemes = yes to allow)");
    }
}
