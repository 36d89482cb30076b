package org.colombier.api.auth;

/** A passdb or userdb section whose settings cannot work (missing file, bad query). */
public class AuthConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuthConfigException(String message) {
        super(message);
    }

    public AuthConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
